// Writing an export's files: all of them or none, never a half-written file, and what was there before kept on failure.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from './write-files';

let folders: string[] = [];
const scratch = () => {
  const folder = mkdtempSync(join(tmpdir(), 'deepwire-write-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders = [];
});

describe('writeFilesAtomically', () => {
  it('writes every file, replacing what was there, and leaves no temporary behind', () => {
    const folder = scratch();
    writeFileSync(join(folder, 'model.py'), 'old script');
    const result = writeFilesAtomically([
      { path: join(folder, 'model.py'), bytes: 'new script' },
      { path: join(folder, 'model.model.json'), bytes: new TextEncoder().encode('{"format":"deepwire-model"}') },
    ]);
    expect(result).toEqual({ ok: true });
    expect(readFileSync(join(folder, 'model.py'), 'utf8')).toBe('new script');
    expect(readdirSync(folder).sort()).toEqual(['model.model.json', 'model.py']);
  });

  it('writes nothing into a folder that does not exist, and says so', () => {
    const folder = scratch();
    const result = writeFilesAtomically([{ path: join(folder, 'missing', 'model.onnx'), bytes: 'x' }]);
    expect(result).toEqual({ ok: false, message: `${join(folder, 'missing', 'model.onnx')} could not be written (its folder does not exist); nothing was written.` });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a folder in a file’s place before writing anything, leaving the folder and the other file as they were', () => {
    const folder = scratch();
    writeFileSync(join(folder, 'model.py'), 'old script');
    mkdirSync(join(folder, 'model.model.json'));
    const result = writeFilesAtomically([
      { path: join(folder, 'model.py'), bytes: 'new script' },
      { path: join(folder, 'model.model.json'), bytes: '{}' },
    ]);
    expect(result.ok).toBe(false);
    expect(readFileSync(join(folder, 'model.py'), 'utf8')).toBe('old script');
    expect(readdirSync(folder).sort()).toEqual(['model.model.json', 'model.py']);
  });

  it.skipIf(process.getuid?.() === 0)('puts the first file back when the second cannot be moved into place (a read-only folder)', () => {
    const folder = scratch();
    const locked = join(folder, 'locked');
    mkdirSync(locked);
    writeFileSync(join(folder, 'model.py'), 'old script');
    chmodSync(locked, 0o500);
    try {
      const result = writeFilesAtomically([
        { path: join(folder, 'model.py'), bytes: 'new script' },
        { path: join(locked, 'model.model.json'), bytes: '{}' },
      ]);
      expect(result.ok).toBe(false);
      expect(readFileSync(join(folder, 'model.py'), 'utf8')).toBe('old script');
      expect(existsSync(join(locked, 'model.model.json'))).toBe(false);
      expect(readdirSync(folder).sort()).toEqual(['locked', 'model.py']);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

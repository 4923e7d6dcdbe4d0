import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// These modules hold the shell's decisions and must run under plain Node (and in these tests):
// they may import electron's types, never electron itself.
const dirs = [import.meta.dirname, join(import.meta.dirname, '../preload')];
const files = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    // The preload's entry is the one place here that must use electron at run time.
    .filter((name) => !(dir.endsWith('preload') && name === 'index.ts'))
    .map((name) => join(dir, name)),
);

describe('decision modules import no electron at run time', () => {
  it.each(files)('%s', (file) => {
    const source = readFileSync(file, 'utf8');
    const electronImports = source.match(/^\s*(import|export)\b[^;]*?from\s+['"]electron['"]/gms) ?? [];
    for (const statement of electronImports) expect(statement, statement).toMatch(/^\s*(import|export)\s+type\b/);
    expect(source).not.toMatch(/require\(\s*['"]electron['"]\s*\)/);
    expect(source).not.toMatch(/import\(\s*['"]electron['"]\s*\)/);
  });
});

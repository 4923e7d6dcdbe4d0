import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError } from '@shared/api';
import { chainOf, node } from '@shared/graph/test-fixtures';
import { maxDesignBytes, serializeDesign } from '@shared/graph/file';
import { DesignStore } from './designs';

let root: string;
let dataDir: string;
let designsDir: string;
let store: DesignStore;
const fifos: string[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'deepwire-designs-'));
  dataDir = join(root, 'data');
  designsDir = join(dataDir, 'designs');
  store = new DesignStore(dataDir);
});
afterEach(async () => {
  // Frees a reader stuck opening a FIFO (only the store before its fix ever was): a writer that opens and closes.
  for (const fifo of fifos.splice(0)) {
    await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then((handle) => handle.close(), () => {});
  }
  await rm(root, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<CommandError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A small valid design: input → dense → sigmoid output → loss. */
function design(units = 10) {
  return chainOf(node('input-1', 'input', { size: 2 }), node('dense-1', 'dense', { units }), node('out-1', 'sigmoid-output'), node('loss-1', 'loss'));
}
const asContent = (doc: ReturnType<typeof design>) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

async function writeDesignFile(name: string, text: string | Buffer): Promise<void> {
  await mkdir(designsDir, { recursive: true });
  await writeFile(join(designsDir, `${name}.json`), text);
}

describe('DesignStore', () => {
  it('lists nothing before the folder exists', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('saves, lists and reopens a design unchanged', async () => {
    const content = asContent(design());
    const saved = await store.save('Course net 2-10-5-1', content, true);
    expect(saved.name).toBe('Course net 2-10-5-1');
    expect(saved.bytes).toBe(Buffer.byteLength(serializeDesign(design())));
    const listed = await store.list();
    expect(listed.map((d) => d.name)).toEqual(['Course net 2-10-5-1']);
    const opened = await store.open('Course net 2-10-5-1');
    expect(opened.content).toEqual(content);
    // The atomic write leaves no temporary files behind.
    expect(await readdir(designsDir)).toEqual(['Course net 2-10-5-1.json']);
  });

  it('refuses to overwrite when asked not to, keeping the original', async () => {
    await store.save('Moons', asContent(design(1)), true);
    const error = await failure(store.save('Moons', asContent(design(2)), false));
    expect(error.code).toBe('conflict');
    expect((await store.open('Moons')).content).toEqual(asContent(design(1)));
  });

  it('reports a missing design by name', async () => {
    const error = await failure(store.open('Nope'));
    expect(error).toMatchObject({ code: 'not_found', message: 'There is no design named "Nope".' });
  });

  it('refuses names that escape the folder', async () => {
    const error = await failure(store.open('../secrets'));
    expect(error.code).toBe('invalid_request');
  });

  it('explains a corrupt file and leaves it untouched', async () => {
    await writeDesignFile('Broken', '{"nodes": [');
    const error = await failure(store.open('Broken'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/ends too early/);
    await writeDesignFile('Garbled', '{"nodes": ]');
    expect((await failure(store.open('Garbled'))).message).toMatch(/not valid JSON/);
    await writeDesignFile('Hostile', '{"__proto__": {"x": 1}}');
    expect((await failure(store.open('Hostile'))).message).toMatch(/forbidden key "__proto__"/);
    expect(await readFile(join(designsDir, 'Broken.json'), 'utf8')).toBe('{"nodes": [');
  });

  it('refuses designs over the size limit, in plain units', async () => {
    const big = { ...asContent(design()), notes: Array.from({ length: 80 }, () => 'x'.repeat(maxDesignBytes / 80)) };
    const error = await failure(store.save('Huge', big, true));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/at most 5 MB\b/);
    await writeDesignFile('Large', Buffer.alloc(maxDesignBytes + 1, 0x20));
    const opened = await failure(store.open('Large'));
    expect(opened.code).toBe('too_large');
    expect(opened.message).toBe('The design "Large" was not opened: this file is just over 5 MB; a design file can be at most 5 MB.');
  });
});

describe('DesignStore opens only regular files inside its folder (issue 8, point 6)', () => {
  // Short: V8's JSON.parse errors quote the first 10 characters of the text.
  const secret = 's3cr3t';

  it('refuses a symlink to a file outside the data folder, without echoing its contents', async () => {
    const outside = join(root, 'outside.json');
    await writeFile(outside, serializeDesign(design()).replace('"format"', `"${secret}": 1, "format"`));
    await mkdir(designsDir, { recursive: true });
    await symlink(outside, join(designsDir, 'Linked.json'));
    const error = await failure(store.open('Linked'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/not a regular file/);
    expect(error.message).not.toContain(secret);
    expect((await store.list()).map((d) => d.name)).toEqual([]);
  });

  it('refuses a symlink to a system file and never shows its first bytes', async () => {
    const system = join(root, 'hostname');
    await writeFile(system, `${secret}\n`);
    await mkdir(designsDir, { recursive: true });
    await symlink(system, join(designsDir, 'Host.json'));
    const error = await failure(store.open('Host'));
    expect(error.message).not.toContain(secret);
  });

  it('refuses a regular file whose content is not JSON without echoing it', async () => {
    await writeDesignFile('Text', `${secret} is not json`);
    const error = await failure(store.open('Text'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain(secret);
  });

  it('refuses a symlink to /dev/zero without reading it', async () => {
    await mkdir(designsDir, { recursive: true });
    await symlink('/dev/zero', join(designsDir, 'Zero.json'));
    const error = await failure(store.open('Zero'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/not a regular file/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO at once, and later saves and lists still answer', async () => {
    await mkdir(designsDir, { recursive: true });
    const fifo = join(designsDir, 'Pipe.json');
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    // Several at once: before the fix each one held a thread of Node's file-system pool forever.
    const errors = await Promise.all(Array.from({ length: 6 }, () => failure(store.open('Pipe'))));
    for (const error of errors) expect(error.message).toMatch(/not a regular file/);
    expect(await store.list()).toEqual([]);
    await store.save('After', asContent(design()), true);
    expect((await store.list()).map((d) => d.name)).toEqual(['After']);
    expect((await store.open('After')).content).toEqual(asContent(design()));
  });

  it('refuses a folder named like a design and lists only regular files', async () => {
    await mkdir(join(designsDir, 'Folder.json'), { recursive: true });
    await store.save('Real', asContent(design()), true);
    expect((await failure(store.open('Folder'))).message).toMatch(/not a regular file/);
    expect((await store.list()).map((d) => d.name)).toEqual(['Real']);
  });

  it('saving over a symlink replaces the link, never the file it points to', async () => {
    const outside = join(root, 'victim.txt');
    await writeFile(outside, 'keep me');
    await mkdir(designsDir, { recursive: true });
    await symlink(outside, join(designsDir, 'Victim.json'));
    await store.save('Victim', asContent(design()), true);
    expect(await readFile(outside, 'utf8')).toBe('keep me');
    expect((await store.open('Victim')).content).toEqual(asContent(design()));
  });
});

describe('DesignStore saves only designs (issue 8, point 7)', () => {
  it('refuses any other JSON object, says what is wrong, and leaves the saved design untouched', async () => {
    await store.save('Good', asContent(design()), true);
    const before = await readFile(join(designsDir, 'Good.json'), 'utf8');
    const error = await failure(store.save('Good', { hello: 'world' }, true));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(
      'The design "Good" was not saved (a saved design of that name is left as it was): this is not a Deepwire design: it has no "format": "deepwire-design" field.',
    );
    expect(await readFile(join(designsDir, 'Good.json'), 'utf8')).toBe(before);
    const invalid = await failure(store.save('Good', { ...asContent(design()), nodes: [{ id: 'x', kind: 'dense', params: {}, position: { x: 'left', y: 0 } }] }, true));
    expect(invalid.message).toMatch(/^The design "Good" was not saved .*: this design has invalid content: nodes\.0\.position\.x: /);
    expect(await readFile(join(designsDir, 'Good.json'), 'utf8')).toBe(before);
  });
});

describe('DesignStore reads designs as the editor does (issue 8, point 9)', () => {
  it('opens a design file that starts with a UTF-8 byte-order mark', async () => {
    await writeDesignFile('Windows', `\uFEFF${serializeDesign(design())}`);
    expect((await store.open('Windows')).content).toEqual(asContent(design()));
  });

  it('refuses a file that is not UTF-8 text', async () => {
    await writeDesignFile('Latin1', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    expect((await failure(store.open('Latin1'))).message).toMatch(/not UTF-8 text/);
  });
});

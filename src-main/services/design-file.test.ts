import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxDesignBytes, serializeDesign } from '@shared/graph/file';
import { chainOf, node } from '@shared/graph/test-fixtures';
import { readDesignFile } from './design-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepwire-design-file-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const doc = chainOf(node('input-1', 'input', { size: 2 }), node('dense-1', 'dense'), node('out-1', 'sigmoid-output'), node('loss-1', 'loss'));

describe('readDesignFile (what the command line can call for --graph)', () => {
  it('reads a design through a link when asked to follow links, and refuses the link otherwise', async () => {
    const file = join(dir, 'net.json');
    await writeFile(file, `\uFEFF${serializeDesign(doc)}`);
    await symlink(file, join(dir, 'link.json'));
    const followed = await readDesignFile(join(dir, 'link.json'), { followLinks: true });
    expect(followed.ok && followed.doc).toEqual(doc);
    expect(await readDesignFile(join(dir, 'link.json'), { followLinks: false })).toMatchObject({ ok: false, reason: 'not_regular' });
  });

  it('refuses a FIFO and a device even when following links, and a missing file as not_found', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(await readDesignFile(fifo, { followLinks: true })).toMatchObject({ ok: false, reason: 'not_regular' });
    expect(await readDesignFile('/dev/zero', { followLinks: true })).toMatchObject({ ok: false, reason: 'not_regular' });
    expect(await readDesignFile(join(dir, 'missing.json'), { followLinks: true })).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('refuses a file over the one design limit by its size, in plain units', async () => {
    const file = join(dir, 'big.json');
    await writeFile(file, Buffer.alloc(maxDesignBytes + 200_000, 0x20));
    expect(await readDesignFile(file, { followLinks: true })).toEqual({
      ok: false,
      reason: 'too_large',
      problem: 'this file is 5.2 MB; a design file can be at most 5 MB',
      message: 'this file is 5.2 MB; a design file can be at most 5 MB',
    });
  });
});

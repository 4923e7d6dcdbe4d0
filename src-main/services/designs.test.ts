import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError } from '@shared/api';
import { DesignStore, maxDesignBytes } from './designs';

let dataDir: string;
let store: DesignStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'deepwire-designs-'));
  store = new DesignStore(dataDir);
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<CommandError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('DesignStore', () => {
  it('lists nothing before the folder exists', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('saves, lists and reopens a design unchanged', async () => {
    const content = { version: 1, nodes: [{ id: 'a', kind: 'dense', params: { units: 10 } }], edges: [] };
    const saved = await store.save('Course net 2-10-5-1', content, true);
    expect(saved.name).toBe('Course net 2-10-5-1');
    expect(saved.bytes).toBeGreaterThan(10);
    const listed = await store.list();
    expect(listed.map((d) => d.name)).toEqual(['Course net 2-10-5-1']);
    const opened = await store.open('Course net 2-10-5-1');
    expect(opened.content).toEqual(content);
    // The atomic write leaves no temporary files behind.
    expect(await readdir(join(dataDir, 'designs'))).toEqual(['Course net 2-10-5-1.json']);
  });

  it('refuses to overwrite when asked not to, keeping the original', async () => {
    await store.save('Moons', { a: 1 }, true);
    const error = await failure(store.save('Moons', { a: 2 }, false));
    expect(error.code).toBe('conflict');
    expect((await store.open('Moons')).content).toEqual({ a: 1 });
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
    await mkdir(join(dataDir, 'designs'), { recursive: true });
    await writeFile(join(dataDir, 'designs', 'Broken.json'), '{"nodes": [', 'utf8');
    const error = await failure(store.open('Broken'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/not valid JSON/);
    await writeFile(join(dataDir, 'designs', 'Hostile.json'), '{"__proto__": {"x": 1}}', 'utf8');
    expect((await failure(store.open('Hostile'))).message).toMatch(/forbidden key "__proto__"/);
  });

  it('refuses designs over the size limit', async () => {
    const big = { blob: Array.from({ length: 80 }, () => 'x'.repeat(maxDesignBytes / 80)) };
    expect((await failure(store.save('Huge', big, true))).code).toBe('too_large');
  });
});

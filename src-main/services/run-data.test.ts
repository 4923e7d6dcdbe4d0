import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRequestInput } from '@shared/training/run-request';
import { forgetRecentData, loadRunData, prepareRunWithData } from './run-data';

const scratch = mkdtempSync(join(tmpdir(), 'deepwire-run-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const settings = { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: 1 } as const;
const request = (data: RunRequestInput['data'], layers: number[], split?: RunRequestInput['split']): RunRequestInput => ({
  data,
  model: { kind: 'layers', layers },
  settings,
  seeds: { data: 1, model: 1 },
  backend: 'ts',
  ...(split && { split }),
});
const rows = (n: number, label: (i: number) => string) => Array.from({ length: n }, (_, i) => `${i},${(i * 7) % 5},${label(i)}`).join('\n');

describe('loadRunData', () => {
  it('loads iris from its package and a CSV with a separate test file mapped onto its classes', async () => {
    const iris = await loadRunData({ kind: 'iris' });
    expect(iris.ok && iris.data?.all.rows).toBe(150);
    const train = file('train.csv', `a,b,kind\n${rows(20, (i) => (i % 2 ? 'x' : 'y'))}\n`);
    const test = file('test.csv', 'a,b,kind\n1,2,y\n3,4,x\n');
    const loaded = await loadRunData({ kind: 'csv', path: train, label: 'kind', testPath: test });
    if (!loaded.ok || !loaded.data) throw new Error('not loaded');
    expect(loaded.data.labelName).toBe('kind');
    expect(Array.from(loaded.data.test!.y)).toEqual([1, 0]);
  });

  it('names the field of a missing file, a test file with other columns, and a cancelled read', async () => {
    expect(await loadRunData({ kind: 'csv', path: join(scratch, 'missing.csv') })).toEqual({ ok: false, field: 'data', message: `there is no file '${join(scratch, 'missing.csv')}'` });
    const train = file('two.csv', `a,b,kind\n${rows(10, (i) => String(i % 2))}\n`);
    const other = file('other.csv', 'a,c,kind\n1,2,0\n');
    expect(await loadRunData({ kind: 'csv', path: train, testPath: other })).toMatchObject({ ok: false, field: 'test', message: expect.stringMatching(/same feature columns .* has a, c$/) });
    const stop = new AbortController();
    stop.abort();
    expect(await loadRunData({ kind: 'csv', path: train }, { signal: stop.signal })).toMatchObject({ ok: false, field: 'data', message: expect.stringMatching(/cancel/i) });
  });
});

describe('loadRunData: the data sets it keeps', () => {
  it('reads a CSV once while its file is unchanged, again when it changed, and keeps the last two sources', async () => {
    forgetRecentData();
    const path = file('kept.csv', `a,b,kind\n${rows(20, (i) => (i % 2 ? 'x' : 'y'))}\n`);
    const otherPath = file('kept-other.csv', `a,b,kind\n${rows(12, (i) => (i % 2 ? 'x' : 'y'))}\n`);
    let reads = 0;
    const load = (at = path) => loadRunData({ kind: 'csv', path: at, label: 'kind' }, { onProgress: () => (reads += 1) });
    const dataOf = (result: Awaited<ReturnType<typeof loadRunData>>) => {
      if (!result.ok || !result.data) throw new Error(result.ok ? 'nothing loaded' : result.message);
      return result.data;
    };
    const first = dataOf(await load());
    expect(reads).toBeGreaterThan(0);
    let readsSoFar = reads;
    // No second read, and the same rows.
    expect(dataOf(await load())).toBe(first);
    expect(reads).toBe(readsSoFar);

    // The file changes (other rows, a later time): read again.
    writeFileSync(path, `a,b,kind\n${rows(30, (i) => (i % 3 ? 'x' : 'y'))}\n`);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const changed = dataOf(await load());
    expect(reads).toBeGreaterThan(readsSoFar);
    expect(changed.all.rows).toBe(30);

    // Two kept at most, the last used: another file, then iris, and the changed one is read again.
    const other = dataOf(await load(otherPath));
    expect(other.all.rows).toBe(12);
    const iris = dataOf(await loadRunData({ kind: 'iris' }));
    expect(dataOf(await loadRunData({ kind: 'iris' }))).toBe(iris);
    expect(dataOf(await load(otherPath))).toBe(other);
    readsSoFar = reads;
    const changedAgain = dataOf(await load());
    expect(reads).toBeGreaterThan(readsSoFar);
    expect(changedAgain).not.toBe(changed);
    expect(changedAgain.all.rows).toBe(30);
    forgetRecentData();
  });
});

describe('loadRunData: CSV text a page sent', () => {
  it('parses it with the same rules as a file, naming the file in its errors', async () => {
    const text = `x,y,class\n${rows(20, (i) => (i % 2 ? 'yes' : 'no'))}\n`;
    const loaded = await loadRunData({ kind: 'csv-text', name: 'picked.csv', text });
    expect(loaded.ok && loaded.data).toMatchObject({ name: 'picked.csv', featureNames: ['x', 'y'], labelName: 'class' });
    expect(loaded.ok && loaded.data?.all.classNames).toEqual(['no', 'yes']);
    const broken = await loadRunData({ kind: 'csv-text', name: 'broken.csv', text: 'x,y,class\n1,oops,a\n' });
    expect(broken).toMatchObject({ ok: false, field: 'data' });
    expect(!broken.ok && broken.message).toMatch(/^broken\.csv: CSV: row 2, column "y"/);
  });
});

describe('prepareRunWithData: the classes of a real CSV', () => {
  it('refuses a label column with only one class, naming the column and the class', async () => {
    const path = file('one-class.csv', `width,height,label\n${rows(16, () => '1')}\n`);
    const result = await prepareRunWithData(request({ kind: 'csv', path }, [2, 4, 1]));
    expect(result).toMatchObject({ ok: false, field: 'data', message: expect.stringMatching(/^the label column "label" has only one class \("1"\) in its 16 rows; a classifier needs at least two classes/) });
  });

  it('warns when a class lands only in dev or test, not when the training rows have every class', async () => {
    const train = file('ab.csv', `a,b,kind\n${rows(30, (i) => (i % 2 ? 'a' : 'b'))}\n`);
    const test = file('abc.csv', 'a,b,kind\n1,2,a\n3,4,a\n');
    // One row of class "c" in 31: for some data seeds the split puts it in dev or test only.
    const rare = file('rare.csv', `a,b,kind\n${rows(30, (i) => (i % 2 ? 'a' : 'b'))}\n99,1,c\n`);
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const runs = await Promise.all(seeds.map((seed) => prepareRunWithData({ ...request({ kind: 'csv', path: rare, label: 'kind' }, [2, 3]), seeds: { data: seed, model: 1 } })));
    const warned = runs.filter((run) => run.ok && run.run.warnings.length > 0);
    expect(warned.length).toBeGreaterThan(0);
    for (const run of warned) if (run.ok) expect(run.run.warnings[0]).toMatch(/^class "c" appears in the (dev|test) set \(1 row\) but not in the training set/);
    const withTest = await prepareRunWithData(request({ kind: 'csv', path: train, testPath: test }, [2, 1]));
    if (!withTest.ok) throw new Error(withTest.message);
    expect(withTest.run.warnings).toEqual([]);
  });

  it('refuses 100,000 distinct labels with the one message about classes', async () => {
    const path = file('ids.csv', `a,b,id\n${rows(100_000, (i) => `id${i}`)}\n`);
    for (const layers of [[2, 16, 1], [2, 16, 100_000]]) {
      const result = await prepareRunWithData(request({ kind: 'csv', path }, layers));
      expect(result).toMatchObject({ ok: false, field: 'data', message: expect.stringMatching(/^the label column "id" has 100,000 distinct values, more classes than a network can output/) });
    }
  });
});

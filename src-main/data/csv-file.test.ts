import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvOptions, type CsvResult } from '@shared/data/csv';
import { guessChars } from '@shared/data/csv-records';
import { csvReadChunkBytes, readCsvFile, type CsvFileProgress } from './csv-file';

const folder = mkdtempSync(join(tmpdir(), 'deepwire-csv-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
function csvFile(content: string | Buffer): string {
  fileCount += 1;
  const path = join(folder, `data-${fileCount}.csv`);
  writeFileSync(path, content);
  return path;
}

function message(result: CsvResult): string {
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.message;
}

/** The files this process has open that lie in the test folder (Linux: /proc/self/fd). */
function openFilesInFolder(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** Rows of tiny samples ("i,a"), `bytes` long or a little more. */
function tinyRows(bytes: number): string {
  const parts = ['x,y\n'];
  let length = 4;
  for (let i = 0; length < bytes; i += 1) {
    const line = `${i % 10},a\n`;
    parts.push(line);
    length += line.length;
  }
  return parts.join('');
}

describe('readCsvFile: the same results as parseCsv', () => {
  const cases: [string, CsvOptions?][] = [
    ['a,b,kind\n1,2,dog\n3,4.5,cat\n-5e-1,6,dog\n'],
    ['y,x1,x2\n10,1,1\n9,2,2\n10,3,3\n2,4,4\n', { label: 'y' }],
    ['"f 1",label\r\n 1.5 ,"a"\r\n\r\n2,b\r\n'],
    ['\ufeffx,"y"\r\n"1",a\r\n2,"b ""c"""\r\n'],
    ['x,y\n1,"multi\nline\r\nlabel"\n2,b\n\n\n3,"a,b"\n'],
    ['x,y\n1,dog\n2,dog\n', { classNames: ['cat', 'dog', 'eel'] }],
    ['x,y\n1,1.0\n2,0\n', { classNames: ['0', '1'] }],
    ['x,y\n1,cat\n2,zebra\n', { classNames: ['cat', 'dog'] }],
    ['x1,x2,y\n1,2,a\n3,,b\n'],
    ['x1,x2,y\n1,NaN,a\n'],
    ['x1,x2,y\n1,2,a\nInfinity,2,b\n'],
    ['width,height,y\n1,2,a\n1,2,a\n1,tall,b\n'],
    ['w,y\n0x10,a\n'],
    ['w,y\n1e39,a\n'],
    ['x,y\n1,a\n\n\nbad,b\n'],
    ['a,b,c\n1,2,x\n1,2\n'],
    ['a,b,c\n1,2,x,9\n'],
    ['a,label\n1,x\n2,\n'],
    ['a,y\n' + Array.from({ length: 8 }, () => 'oops,c').join('\n')],
    ['a,b\n1,2\n', { label: 'species' }],
    [''],
    ['a,b\n'],
    ['a\n1\n'],
    ['a,b\n1,"x\n'],
    ['a,b\n1,"x"y\n2,y\n'],
  ];
  it.each(cases)('%j', async (text, options) => {
    expect(await readCsvFile(csvFile(text), options)).toEqual(parseCsv(text, options));
  });

  it('a file of several pieces with a two-byte character split between pieces reads every row and label whole', async () => {
    // Pad the header so one "é" (2 bytes in UTF-8) starts on the last byte of the first piece.
    const rows = 150_000;
    const body = Array.from({ length: rows }, (_, i) => `${i},${i % 7 === 0 ? 'café' : 'tea'}\n`).join('');
    const bodyBytes = Buffer.from(body);
    const accent = Buffer.from('é');
    // every 7th row has an "é", so one lies within 100 bytes after this point
    const accentAt = bodyBytes.indexOf(accent, csvReadChunkBytes - 400);
    const header = `${'n'.repeat(csvReadChunkBytes - 1 - accentAt - ',label\n'.length)},label\n`;
    const content = header + body;
    expect(Buffer.from(content).subarray(csvReadChunkBytes - 1, csvReadChunkBytes + 1).toString()).toBe('é');

    const path = csvFile(content);
    const loaded = await readCsvFile(path);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.dataset.rows).toBe(rows);
    expect(loaded.dataset.classNames).toEqual(['café', 'tea']);
    // row i is "i,café" when 7 divides i (123,459 = 7 × 17,637), else "i,tea"
    expect(loaded.dataset.x[123_456]).toBe(123_456);
    expect(loaded.dataset.y[123_456]).toBe(1);
    expect(loaded.dataset.y[123_459]).toBe(0);
    expect(loaded).toEqual(parseCsv(readFileSync(path, 'utf8')));
  });
});

describe('readCsvFile: files it will not read', () => {
  it('a missing file, a folder', async () => {
    expect(message(await readCsvFile(join(folder, 'nope.csv')))).toBe(`CSV: there is no file '${join(folder, 'nope.csv')}'.`);
    const sub = join(folder, 'a-folder.csv');
    mkdirSync(sub);
    expect(message(await readCsvFile(sub))).toMatch(/is a folder, not a CSV file/);
  });

  it.runIf(process.platform === 'linux')('a FIFO is refused at once, without waiting for a writer', async () => {
    const fifo = join(folder, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(message(await readCsvFile(fifo))).toMatch(/is not a regular file/);
    expect(openFilesInFolder()).toEqual([]);
  });

  it('a file larger than maxBytes is refused before any of it is read, naming both sizes', async () => {
    const path = csvFile(tinyRows(3_000_000));
    const progress: CsvFileProgress[] = [];
    const refused = message(await readCsvFile(path, { maxBytes: 1_000_000, onProgress: (p) => progress.push(p) }));
    expect(refused).toBe(`CSV: '${path}' is 3 MB; at most 1 MB can be loaded.`);
    expect(progress).toEqual([]);
  });

  it('an invalid limit is refused with a message naming it', async () => {
    const path = csvFile('x,y\n1,a\n');
    expect(message(await readCsvFile(path, { maxBytes: 0 }))).toMatch(/maxBytes must be a positive whole number of bytes, got 0/);
    expect(message(await readCsvFile(path, { maxRows: 1.5 }))).toMatch(/option maxRows is invalid/);
  });
});

describe('readCsvFile: limits, progress and cancelling while reading', () => {
  it('stops at the row limit as soon as the first records are split off, naming the limit, the row and how much it read', async () => {
    const path = csvFile(tinyRows(5_000_000));
    const totalBytes = statSync(path).size;
    const progress: CsvFileProgress[] = [];
    const refused = message(await readCsvFile(path, { maxRows: 1000, onProgress: (p) => progress.push(p) }));
    // 1000 data rows are rows 2 … 1001; row 1002 is one too many. Records are first split off once the
    // 1 MiB guessing window has been read (1.05 MB of the 5 MB), so that is where reading stops.
    expect(refused).toBe('CSV: the file has more than 1,000 data rows; at most 1,000 can be loaded (reading stopped at row 1,002, 1.05 MB of 5 MB read).');
    expect(progress.at(-1)).toEqual({ bytesRead: guessChars, totalBytes, rows: 1000 });
  });

  it('reports progress while reading and once at the end, with every byte and row', async () => {
    const rows = 400_000;
    const path = csvFile('a,b,y\n' + Array.from({ length: rows }, (_, i) => `${i},${-i},${i % 3}\n`).join(''));
    const totalBytes = statSync(path).size;
    expect(totalBytes).toBeGreaterThan(3 * csvReadChunkBytes);
    const progress: CsvFileProgress[] = [];
    const loaded = await readCsvFile(path, { onProgress: (p) => progress.push(p) });
    expect(loaded.ok).toBe(true);
    expect(progress[0]!.bytesRead).toBe(csvReadChunkBytes);
    expect(progress.at(-1)).toEqual({ bytesRead: totalBytes, totalBytes, rows });
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i]!.bytesRead).toBeGreaterThanOrEqual(progress[i - 1]!.bytesRead);
      expect(progress[i]!.rows).toBeGreaterThanOrEqual(progress[i - 1]!.rows);
    }
  });

  it('aborting mid-file stops the reading, closes the file and resolves "cancelled"', async () => {
    const path = csvFile(tinyRows(5_000_000));
    const controller = new AbortController();
    const progress: CsvFileProgress[] = [];
    const result = await readCsvFile(path, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        controller.abort();
      },
    });
    expect(message(result)).toBe(`CSV: reading '${path}' was cancelled.`);
    expect(progress).toEqual([{ bytesRead: csvReadChunkBytes, totalBytes: statSync(path).size, rows: expect.any(Number) }]);
    if (process.platform === 'linux') expect(openFilesInFolder()).toEqual([]);
  });

  it('an already aborted signal reads nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const progress: CsvFileProgress[] = [];
    const result = await readCsvFile(csvFile('x,y\n1,a\n'), { signal: controller.signal, onProgress: (p) => progress.push(p) });
    expect(message(result)).toMatch(/was cancelled/);
    expect(progress).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('closes the file after a load and after a refusal', async () => {
    expect((await readCsvFile(csvFile('x,y\n1,a\n'))).ok).toBe(true);
    expect((await readCsvFile(csvFile('x,y\n1,"a\n'))).ok).toBe(false);
    expect(openFilesInFolder()).toEqual([]);
  });
});

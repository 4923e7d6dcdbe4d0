import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvResult } from './csv';

function message(result: CsvResult): string {
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.message;
}

function dataset(result: CsvResult) {
  if (!result.ok) throw new Error(`expected the CSV to load: ${result.message}`);
  return result;
}

describe('parseCsv: what it loads', () => {
  it('takes the last column as the label, maps text classes sorted, keeps features row-major', () => {
    const loaded = dataset(parseCsv('a,b,kind\n1,2,dog\n3,4.5,cat\n-5e-1,6,dog\n'));
    expect(loaded.featureNames).toEqual(['a', 'b']);
    expect(loaded.labelName).toBe('kind');
    expect(Array.from(loaded.dataset.x)).toEqual([1, 2, 3, 4.5, -0.5, 6]);
    // sorted: cat → 0, dog → 1
    expect(loaded.dataset.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(loaded.dataset.y)).toEqual([1, 0, 1]);
    expect(loaded.dataset).toMatchObject({ rows: 3, features: 2, classes: 2 });
    expect(loaded.dataset.values).toBeUndefined();
  });

  it('finds the label column by name anywhere, and sorts numeric labels by value (10 after 9), keeping the values', () => {
    const loaded = dataset(parseCsv('y,x1,x2\n10,1,1\n9,2,2\n10,3,3\n2,4,4\n', { label: 'y' }));
    expect(loaded.featureNames).toEqual(['x1', 'x2']);
    expect(loaded.dataset.classNames).toEqual(['2', '9', '10']);
    expect(Array.from(loaded.dataset.y)).toEqual([2, 1, 2, 0]);
    expect(Array.from(loaded.dataset.values!)).toEqual([10, 9, 10, 2]);
    expect(Array.from(loaded.dataset.x)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('skips blank lines, accepts quoted cells, CRLF line ends and surrounding spaces', () => {
    const loaded = dataset(parseCsv('"f 1",label\r\n 1.5 ,"a"\r\n\r\n2,b\r\n'));
    expect(Array.from(loaded.dataset.x)).toEqual([1.5, 2]);
    expect(loaded.dataset.classNames).toEqual(['a', 'b']);
  });
});

describe('parseCsv: a test file read against the training classes', () => {
  it('uses the given class order even when this file lacks a class or lists them differently', () => {
    const loaded = dataset(parseCsv('x,y\n1,dog\n2,dog\n', { classNames: ['cat', 'dog', 'eel'] }));
    expect(Array.from(loaded.dataset.y)).toEqual([1, 1]);
    expect(loaded.dataset.classes).toBe(3);
    expect(loaded.dataset.classNames).toEqual(['cat', 'dog', 'eel']);
  });

  it('matches numeric labels by value ("1.0" is class "1")', () => {
    const loaded = dataset(parseCsv('x,y\n1,1.0\n2,0\n', { classNames: ['0', '1'] }));
    expect(Array.from(loaded.dataset.y)).toEqual([1, 0]);
  });

  it('names the row and column of a class the training data never had', () => {
    expect(message(parseCsv('x,y\n1,cat\n2,zebra\n', { classNames: ['cat', 'dog'] }))).toMatch(/row 3, column "y": class "zebra" is not one of the training classes \("cat", "dog"\)/);
  });
});

describe('parseCsv: errors name the row (header = row 1) and the column', () => {
  it('an empty feature cell', () => {
    expect(message(parseCsv('x1,x2,y\n1,2,a\n3,,b\n'))).toMatch(/row 3, column "x2": the cell is empty/);
  });

  it('NaN in a feature column', () => {
    expect(message(parseCsv('x1,x2,y\n1,NaN,a\n'))).toMatch(/row 2, column "x2": NaN is not a usable value/);
  });

  it('Infinity and -inf in a feature column', () => {
    expect(message(parseCsv('x1,x2,y\n1,2,a\nInfinity,2,b\n'))).toMatch(/row 3, column "x1": "Infinity" is not a finite number/);
    expect(message(parseCsv('x1,x2,y\n-inf,2,a\n'))).toMatch(/row 2, column "x1": "-inf" is not a finite number/);
  });

  it('text, hex and a number too large for float32 in a feature column', () => {
    expect(message(parseCsv('width,height,y\n1,2,a\n1,2,a\n1,tall,b\n'))).toMatch(/row 4, column "height": "tall" is not a number/);
    expect(message(parseCsv('w,y\n0x10,a\n'))).toMatch(/row 2, column "w": "0x10" is not a number/);
    expect(message(parseCsv('w,y\n1e39,a\n'))).toMatch(/row 2, column "w": "1e39" does not fit in a 32-bit float/);
  });

  it('counts blank lines when numbering rows, so the row is the line to open', () => {
    expect(message(parseCsv('x,y\n1,a\n\n\nbad,b\n'))).toMatch(/row 5, column "x"/);
  });

  it('ragged rows (too few and too many cells)', () => {
    expect(message(parseCsv('a,b,c\n1,2,x\n1,2\n'))).toMatch(/row 3 has 2 cells but the header names 3 columns/);
    expect(message(parseCsv('a,b,c\n1,2,x,9\n'))).toMatch(/row 2 has 4 cells but the header names 3 columns/);
  });

  it('an empty label cell', () => {
    expect(message(parseCsv('a,label\n1,x\n2,\n'))).toMatch(/row 3, column "label": the label is empty/);
  });

  it('reports several problems at once, up to five, then counts the rest', () => {
    const text = 'a,y\n' + Array.from({ length: 8 }, () => 'oops,c').join('\n');
    const text8 = message(parseCsv(text));
    expect(text8).toMatch(/row 2, column "a".*row 6, column "a"/);
    expect(text8).not.toMatch(/row 7/);
    expect(text8).toMatch(/and 3 more problems/);
  });

  it('a missing label column names the columns there are', () => {
    expect(message(parseCsv('a,b\n1,2\n', { label: 'species' }))).toMatch(/no column named "species"; the columns are "a", "b"/);
  });

  it('empty file, header only, a single column', () => {
    expect(message(parseCsv(''))).toMatch(/the file is empty/);
    expect(message(parseCsv('a,b\n'))).toMatch(/no data rows/);
    expect(message(parseCsv('a\n1\n'))).toMatch(/only one column/);
  });

  it('an unclosed quote', () => {
    expect(message(parseCsv('a,b\n1,"x\n'))).toMatch(/row \d+: .*quote/i);
  });
});

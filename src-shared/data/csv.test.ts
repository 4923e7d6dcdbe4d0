import { describe, expect, it } from 'vitest';
import { CsvReader, csvMaxRows, describeBytes, parseCsv, type CsvOptions, type CsvResult } from './csv';
import { maxRecordChars } from './csv-records';

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

describe('parseCsv: limits', () => {
  it('stops at the first data row past maxRows, naming the limit and the row (blank lines are not data rows)', () => {
    // rows 2, 3 are data, row 4 is blank, row 5 is the third data row: one past the limit of 2
    expect(message(parseCsv('a,y\n1,x\n2,x\n\n3,x\n4,x\n', { maxRows: 2 }))).toBe(
      'CSV: the file has more than 2 data rows; at most 2 can be loaded (reading stopped at row 5).',
    );
    expect(dataset(parseCsv('a,y\n1,x\n2,x\n\n', { maxRows: 2 })).dataset.rows).toBe(2);
  });

  it('the row limit defaults to csvMaxRows (2 million)', () => {
    expect(csvMaxRows).toBe(2_000_000);
  });

  it('a reader asks for no more text once the limit is passed, and ignores what comes after', () => {
    const reader = new CsvReader({ maxRows: 1 }, { guessWindow: 1 });
    expect(reader.write('a,y\n1,x\n')).toBe(true);
    expect(reader.write('2,x\n')).toBe(false);
    expect(reader.write('"unclosed\n')).toBe(false);
    expect(reader.stoppedAtRowLimit).toBe(true);
    expect(message(reader.end())).toMatch(/more than 1 data rows.*stopped at row 3/);
  });

  it('refuses invalid options with a message naming the option', () => {
    expect(message(parseCsv('a,y\n1,x\n', { maxRows: -1 }))).toMatch(/option maxRows is invalid/);
    expect(message(parseCsv('a,y\n1,x\n', { classNames: [] }))).toMatch(/option classNames is invalid/);
  });

  it('a quote left open for more than maxRecordChars characters stops the reading at that row', () => {
    const text = 'a,y\n1,x\n2,"' + 'z'.repeat(maxRecordChars + 10) + '\n3,x\n';
    expect(message(parseCsv(text))).toMatch(/^CSV: row 3: the row runs on for more than 4,000,000 characters/);
  });
});

describe('parseCsv: labels', () => {
  it('text labels that look alike stay distinct when any label is not a number, sorted by code point', () => {
    const loaded = dataset(parseCsv('x,y\n1,1.0\n2,1\n3,x\n4,1\n'));
    expect(loaded.dataset.classNames).toEqual(['1', '1.0', 'x']);
    expect(Array.from(loaded.dataset.y)).toEqual([1, 0, 2, 0]);
    expect(loaded.dataset.values).toBeUndefined();
  });

  it('numeric labels written differently are one class ("1.0" is "1")', () => {
    const loaded = dataset(parseCsv('x,y\n1,1.0\n2,1\n3,2e0\n'));
    expect(loaded.dataset.classNames).toEqual(['1', '2']);
    expect(Array.from(loaded.dataset.y)).toEqual([0, 0, 1]);
    expect(Array.from(loaded.dataset.values!)).toEqual([1, 1, 2]);
  });

  it('long label names come back whole', () => {
    const long = 'a label longer than thirteen characters';
    const loaded = dataset(parseCsv(`x,y\n1,${long}\n2,b\n`));
    expect(loaded.dataset.classNames).toEqual([long, 'b']);
  });

  it('counts every row of an unknown class, naming the first five rows', () => {
    const text = 'x,y\n' + Array.from({ length: 7 }, () => '1,b').join('\n');
    const refused = message(parseCsv(text, { classNames: ['a'] }));
    expect(refused).toMatch(/^CSV: row 2, column "y": class "b" is not one of the training classes \("a"\)\..*row 6, column "y".* \(and 2 more problems\)$/);
  });
});

describe('parseCsv: a byte order mark and line ends', () => {
  it('accepts a UTF-8 byte order mark before the header, and CRLF or CR line ends', () => {
    for (const text of ['\ufeffx,"y"\r\n1,a\r\n2,b\r\n', 'x,y\r1,a\r2,b\r']) {
      const loaded = dataset(parseCsv(text));
      expect(loaded.featureNames).toEqual(['x']);
      expect(loaded.labelName).toBe('y');
      expect(Array.from(loaded.dataset.x)).toEqual([1, 2]);
    }
  });
});

/**
 * The same text given to a reader in pieces of `size` characters; records are split off as soon
 * as `guessWindow` characters have come (the delimiter and line end are guessed from those).
 */
function readInPieces(text: string, size: number, options: CsvOptions = {}, guessWindow?: number): CsvResult {
  const reader = new CsvReader(options, { ...(guessWindow !== undefined && { guessWindow }) });
  for (let start = 0; start < text.length; start += size) {
    if (!reader.write(text.slice(start, start + size))) break;
  }
  return reader.end();
}

describe('CsvReader: text in pieces gives what parseCsv gives for the whole', () => {
  const cases: [string, CsvOptions?][] = [
    ['a,b,kind\n1,2,dog\n3,4.5,cat\n-5e-1,6,dog\n'],
    ['y,x1,x2\n10,1,1\n9,2,2\n10,3,3\n2,4,4\n', { label: 'y' }],
    ['"f 1",label\r\n 1.5 ,"a"\r\n\r\n2,b\r\n'],
    ['\ufeffx,"y"\r\n"1",a\r\n2,"b ""c"""\r\n'],
    ['x,y\n1,"multi\nline\r\nlabel"\n2,b\n\n\n3,"a,b"\n'],
    ['x,y\n1,dog\n2,dog\n', { classNames: ['cat', 'dog', 'eel'] }],
    ['x,y\n1,cat\n2,zebra\n', { classNames: ['cat', 'dog'] }],
    ['x1,x2,y\n1,2,a\n3,,b\n'],
    ['x,y\n1,a\n\n\nbad,b\n'],
    ['a,b,c\n1,2,x\n1,2\n'],
    ['a,y\n' + Array.from({ length: 8 }, () => 'oops,c').join('\n')],
    ['a,b\n1,2\n', { label: 'species' }],
    [''],
    ['a,b\n'],
    ['a\n1\n'],
    ['a,b\n1,"x\n'],
    ['a,b\n1,"x"y\n2,y\n'],
    ['a,b\n1,"x\n\n2",y\n3,"z\n'],
    ['a\tb\n1\tx\n2\ty\n3\tz\n'],
    ['a,y\n1,x\n2,x\n\n3,x\n4,x\n', { maxRows: 2 }],
    ['a,b\n1,2'],
  ];
  it.each(cases)('%j in pieces of 1, 2, 3 and 7 characters', (text, options) => {
    const whole = parseCsv(text, options);
    // Guessing from the first 20 characters: each case has its first line end in them.
    for (const size of [1, 2, 3, 7]) expect(readInPieces(text, size, options, 20)).toEqual(whole);
  });

  it('a text longer than the 1 MB guessing window, in pieces, keeps every row (quoted cells spanning pieces, CRLF)', () => {
    // row i (spreadsheet row i + 2): features i and i/2, a quoted label naming i % 3 over two lines on every 1000th row
    const rows = 80_000;
    const lines = ['index,half,"kind"'];
    for (let i = 0; i < rows; i += 1) lines.push(`${i},${i / 2},${i % 1000 === 0 ? `"k\r\n${i % 3}"` : `k${i % 3}`}`);
    const text = lines.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(1024 * 1024);
    for (const size of [65_536, 99_991, text.length]) {
      const loaded = dataset(readInPieces(text, size));
      expect(loaded.dataset.rows).toBe(rows);
      expect(loaded.dataset.classNames).toEqual(['k\r\n0', 'k\r\n1', 'k\r\n2', 'k0', 'k1', 'k2']);
      for (const i of [0, 1, 999, 1000, 31_337, rows - 1]) {
        expect(loaded.dataset.x[2 * i]).toBe(i);
        expect(loaded.dataset.x[2 * i + 1]).toBe(i / 2);
        expect(loaded.dataset.classNames![loaded.dataset.y[i]!]).toBe(i % 1000 === 0 ? `k\r\n${i % 3}` : `k${i % 3}`);
      }
      expect(loaded.dataset.x.length).toBe(rows * 2);
    }
  });
});

describe('describeBytes', () => {
  it('says sizes in decimal units with three significant digits', () => {
    expect(describeBytes(512)).toBe('512 bytes');
    expect(describeBytes(500_000_000)).toBe('500 MB');
    expect(describeBytes(8_388_608)).toBe('8.39 MB');
    expect(describeBytes(210_123_456)).toBe('210 MB');
  });
});

/**
 * CSV import: a header row, numeric feature columns and one label column (by name, or the last).
 * Anything unusable is reported by row and column, so a person can open the file and fix that cell.
 * Rows are counted as in a spreadsheet: the header is row 1 (the line number, unless a quoted
 * cell spans lines); blank lines are skipped but still counted.
 *
 * One implementation for text in memory (`parseCsv`) and for files read piece by piece
 * (`CsvReader`, which src-main/data/csv-file.ts feeds): text → records (csv-records.ts) →
 * Dataset (csv-dataset.ts), checking the row limit as the rows arrive.
 */
import { z } from 'zod';
import { CsvDatasetBuilder, type CsvResult } from './csv-dataset';
import { CsvRecordSplitter } from './csv-records';

export type { CsvResult } from './csv-dataset';

/** The most data rows a CSV may have (2 million: a 200 MB file of 11 columns). */
export const csvMaxRows = 2_000_000;
/** The largest CSV file read, in bytes (500 MB). */
export const csvMaxBytes = 500_000_000;

export const CsvOptions = z.object({
  /** The label column's header name; the last column when omitted. */
  label: z.string().optional(),
  /** Refuse files with more data rows than this (memory guard); `csvMaxRows` when omitted. */
  maxRows: z.number().int().positive().optional(),
  /**
   * Map labels onto these classes (a test file read against its training file's classes) instead
   * of deriving the classes from this file; a label outside them is an error naming its row.
   */
  classNames: z.array(z.string()).min(1).readonly().optional(),
});
export type CsvOptions = z.input<typeof CsvOptions>;

export interface CsvReaderTuning {
  /** Where reading stopped, for the row-limit message ("8.39 MB of 210 MB read"). */
  describePosition?: () => string;
  /** Text to wait for before guessing the delimiter and line ends: 1 MB, as papaparse does; tests of piece boundaries use less. */
  guessWindow?: number;
}

/**
 * Reads CSV text given in pieces of any size (`write`, then `end`), keeping only the accepted
 * data. `write` returns false once reading can stop: the result is already decided (a syntax or
 * header problem, or more rows than `maxRows`), so the rest of the text need not be read.
 */
export class CsvReader {
  private readonly builder: CsvDatasetBuilder | null;
  private readonly splitter: CsvRecordSplitter | null;
  private readonly optionsProblem: string | null;

  constructor(options: CsvOptions = {}, tuning: CsvReaderTuning = {}) {
    const checked = CsvOptions.safeParse(options);
    if (!checked.success) {
      this.optionsProblem = describeOptionsProblem(checked.error);
      this.builder = null;
      this.splitter = null;
      return;
    }
    const { label, maxRows, classNames } = checked.data;
    this.optionsProblem = null;
    this.builder = new CsvDatasetBuilder({
      maxRows: maxRows ?? csvMaxRows,
      ...(label !== undefined && { label }),
      ...(classNames && { classNames }),
      ...(tuning.describePosition && { describePosition: tuning.describePosition }),
    });
    this.splitter = new CsvRecordSplitter(this.builder, tuning.guessWindow);
  }

  /** Data rows accepted so far (for progress). */
  get rows(): number {
    return this.builder?.rows ?? 0;
  }

  /** True when reading stopped at the first row past `maxRows`. */
  get stoppedAtRowLimit(): boolean {
    return this.builder?.stoppedAtRowLimit ?? false;
  }

  /** The next piece of text; false when the rest need not be read. */
  write(text: string): boolean {
    return this.splitter?.write(text) ?? false;
  }

  /** The end of the text: the data set, or the message that refuses it. */
  end(): CsvResult {
    if (!this.builder || !this.splitter) return { ok: false, message: `CSV: ${this.optionsProblem}` };
    this.splitter.end();
    return this.builder.finish();
  }
}

/** Characters fed to the reader at a time: only one piece's rows are ever strings at once. */
const pieceChars = 256 * 1024;

/** Text in memory (a small file, or one imported in a browser), read as a file would be. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const reader = new CsvReader(options);
  for (let start = 0; start < text.length; start += pieceChars) {
    if (!reader.write(text.slice(start, start + pieceChars))) break;
  }
  return reader.end();
}

/** A byte count in decimal units, as people read file sizes: "500 MB", "8.39 MB", "512 bytes". */
export function describeBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}

function describeOptionsProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `the option ${issue.path.join('.') || '(options)'} is invalid: ${issue.message}.`;
}

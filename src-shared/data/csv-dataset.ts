/**
 * CSV records → a Dataset, one record at a time: the header (row 1), then the rows. Holds only what
 * is accepted: features in a Float32Array grown by doubling, each label as an index into the map
 * of distinct labels, and the first few problems; never the rows of strings.
 * The rules: numeric feature columns and one label column (by name, or the last); blank rows are
 * skipped but counted; anything unusable is reported by row and column.
 */
import type { Dataset } from './dataset';
import type { CsvRecordSink } from './csv-records';

export type CsvResult = { ok: true; dataset: Dataset; featureNames: string[]; labelName: string } | { ok: false; message: string };

export interface CsvDatasetOptions {
  /** The label column's header name; the last column when omitted. */
  label?: string;
  /** Refuse more data rows than this: reading stops at the first row past it. */
  maxRows: number;
  /**
   * Map labels onto these classes (a test file read against its training file's classes) instead
   * of deriving the classes from this file; a label outside them is an error naming its row.
   */
  classNames?: readonly string[];
  /** Where reading stopped, for the row-limit message (a file reader says how much it had read). */
  describePosition?: () => string;
}

const maxReportedProblems = 5;
const initialCapacity = 1024;
/** A plain decimal number: no hex, no empty string, no "Infinity" — Number() accepts all of those. */
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Header {
  names: string[];
  labelColumn: number;
  featureColumns: number[];
}

export class CsvDatasetBuilder implements CsvRecordSink {
  private header: Header | null = null;
  /** A problem that stopped the reading (syntax, header, row limit); it is the one reported. */
  private fatal: string | null = null;
  private limitReached = false;
  private readonly shownProblems: string[] = [];
  private problemCount = 0;
  private rowCount = 0;
  private capacity = 0;
  private x = new Float32Array(0);
  /** Per data row: its label's index in `distinctLabels` (the final class index is known only at the end). */
  private labelIndex = new Int32Array(0);
  /** Per data row: its spreadsheet row, kept only to name the rows of unknown classes. */
  private sourceRows: Int32Array | null = null;
  private readonly distinctLabels: string[] = [];
  private readonly labelIndexOf = new Map<string, number>();

  constructor(private readonly options: CsvDatasetOptions) {}

  /** Data rows accepted so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** True once reading stopped because the file has more data rows than `maxRows`. */
  get stoppedAtRowLimit(): boolean {
    return this.limitReached;
  }

  syntaxProblem(row: number, message: string): void {
    this.fatal ??= copyString(`row ${row}: ${message}.`);
  }

  record(cells: string[], row: number): boolean {
    if (this.fatal !== null) return false;
    if (!this.header) return this.readHeader(cells);
    if (isBlank(cells)) return true;
    const { names, labelColumn, featureColumns } = this.header;
    if (cells.length !== names.length) {
      this.problem(`row ${row} has ${cells.length} cells but the header names ${names.length} columns.`);
      return true;
    }
    if (this.rowCount === this.options.maxRows) {
      const where = this.options.describePosition ? `, ${this.options.describePosition()}` : '';
      this.limitReached = true;
      const limit = this.options.maxRows.toLocaleString('en-US');
      return this.stop(`the file has more than ${limit} data rows; at most ${limit} can be loaded (reading stopped at row ${row.toLocaleString('en-US')}${where}).`);
    }
    if (this.rowCount === this.capacity) this.grow();
    const sample = this.rowCount;
    const features = featureColumns.length;
    for (let feature = 0; feature < features; feature += 1) {
      const column = featureColumns[feature]!;
      const value = readNumber(cells[column]!);
      if (typeof value === 'string') this.problem(`row ${row}, column "${names[column]}": ${value}`);
      else this.x[sample * features + feature] = value;
    }
    const label = cells[labelColumn]!.trim();
    if (label === '') this.problem(`row ${row}, column "${names[labelColumn]}": the label is empty; every row needs a class.`);
    this.labelIndex[sample] = this.indexOfLabel(label);
    if (this.sourceRows) this.sourceRows[sample] = row;
    this.rowCount += 1;
    return true;
  }

  /** The data set, or the message that refuses the file. */
  finish(): CsvResult {
    if (this.fatal !== null) return fail(this.fatal);
    if (!this.header) return fail('the file is empty: it needs a header row naming the columns, then one row per sample.');
    if (this.rowCount === 0 && this.problemCount === 0) return fail('the file has a header but no data rows.');
    if (this.problemCount > 0) return fail(this.describeProblems());

    const { names, labelColumn, featureColumns } = this.header;
    const encoded = this.options.classNames ? this.encodeWithClasses(this.options.classNames, names[labelColumn]!) : this.encodeLabels();
    if (encoded === null) return fail(this.describeProblems());
    const used = this.rowCount * featureColumns.length;
    // Give back the doubling's spare room (at most half the buffer).
    const x = this.x.length === used ? this.x : this.x.slice(0, used);
    return {
      ok: true,
      dataset: { x, ...encoded, rows: this.rowCount, features: featureColumns.length },
      featureNames: featureColumns.map((column) => names[column]!),
      labelName: names[labelColumn]!,
    };
  }

  private readHeader(cells: string[]): boolean {
    if (isBlank(cells)) return this.stop('the file is empty: it needs a header row naming the columns, then one row per sample.');
    const names = cells.map((cell, column) => copyString(cell.trim()) || `column ${column + 1}`);
    if (names.length < 2) return this.stop(`the header names only one column ("${names[0]}"): a CSV needs at least one feature column and a label column.`);
    const labelColumn = findLabelColumn(names, this.options.label);
    if (typeof labelColumn === 'string') return this.stop(labelColumn);
    this.header = { names, labelColumn, featureColumns: names.map((_, column) => column).filter((column) => column !== labelColumn) };
    if (this.options.classNames) this.sourceRows = new Int32Array(0);
    return true;
  }

  private stop(message: string): false {
    this.fatal = copyString(message);
    return false;
  }

  private problem(message: string): void {
    if (this.problemCount < maxReportedProblems) this.shownProblems.push(copyString(message));
    this.problemCount += 1;
  }

  private describeProblems(): string {
    const shown = this.shownProblems.join(' ');
    const more = this.problemCount - this.shownProblems.length;
    return more > 0 ? `${shown} (and ${more} more problems)` : shown;
  }

  /** Doubles the room for rows, so n rows cost O(n) copying in all. */
  private grow(): void {
    const capacity = Math.max(initialCapacity, this.capacity * 2);
    const features = this.header!.featureColumns.length;
    this.x = grown(this.x, capacity * features);
    this.labelIndex = grown(this.labelIndex, capacity);
    if (this.sourceRows) this.sourceRows = grown(this.sourceRows, capacity);
    this.capacity = capacity;
  }

  private indexOfLabel(label: string): number {
    const known = this.labelIndexOf.get(label);
    if (known !== undefined) return known;
    // A copy: the cell is a slice of the text read, and keeping the slice would keep all that text.
    const kept = copyString(label);
    this.labelIndexOf.set(kept, this.distinctLabels.length);
    this.distinctLabels.push(kept);
    return this.distinctLabels.length - 1;
  }

  /**
   * Class indices from the labels: numeric labels sorted by value, text labels sorted by code
   * point, so the same file always maps the same way. Numeric labels also keep their values.
   */
  private encodeLabels(): Pick<Dataset, 'y' | 'classes' | 'classNames' | 'values'> {
    const numeric = this.distinctLabels.every((label) => decimal.test(label));
    // "1.0" and "1" are one class when the labels are numbers.
    const keys = numeric ? this.distinctLabels.map((label) => String(Number(label))) : this.distinctLabels;
    const classNames = [...new Set(keys)];
    if (numeric) classNames.sort((a, b) => Number(a) - Number(b));
    else classNames.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const classOf = new Map(classNames.map((key, index) => [key, index]));
    const y = this.classIndices(keys.map((key) => classOf.get(key)!));
    return { y, classes: classNames.length, classNames, ...(numeric && { values: this.labelValues() }) };
  }

  /**
   * Class indices from given class names (numeric names match by value, so "1.0" is class "1"), or
   * null after recording each label outside those classes as a problem naming its row.
   */
  private encodeWithClasses(classNames: readonly string[], column: string): Pick<Dataset, 'y' | 'classes' | 'classNames' | 'values'> | null {
    const numeric = classNames.every((name) => decimal.test(name)) && this.distinctLabels.every((label) => decimal.test(label));
    const key = (label: string) => (numeric ? String(Number(label)) : label);
    const classOf = new Map(classNames.map((name, index) => [key(name), index]));
    const classOfLabel = this.distinctLabels.map((label) => classOf.get(key(label)) ?? -1);
    if (classOfLabel.includes(-1)) {
      const known = classNames.map((name) => `"${name}"`).join(', ');
      for (let sample = 0; sample < this.rowCount; sample += 1) {
        const label = this.labelIndex[sample]!;
        if (classOfLabel[label] === -1) {
          this.problem(`row ${this.sourceRows![sample]}, column "${column}": class "${this.distinctLabels[label]}" is not one of the training classes (${known}).`);
        }
      }
      return null;
    }
    return { y: this.classIndices(classOfLabel), classes: classNames.length, classNames: [...classNames], ...(numeric && { values: this.labelValues() }) };
  }

  /** Each row's class, from its label's class. */
  private classIndices(classOfLabel: readonly number[]): Int32Array {
    const y = new Int32Array(this.rowCount);
    for (let sample = 0; sample < this.rowCount; sample += 1) y[sample] = classOfLabel[this.labelIndex[sample]!]!;
    return y;
  }

  /** Each row's label as a number (the labels are all numeric). */
  private labelValues(): Float32Array {
    const valueOfLabel = this.distinctLabels.map(Number);
    const values = new Float32Array(this.rowCount);
    for (let sample = 0; sample < this.rowCount; sample += 1) values[sample] = valueOfLabel[this.labelIndex[sample]!]!;
    return values;
  }
}

function fail(message: string): CsvResult {
  return { ok: false, message: `CSV: ${message}` };
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** A flat copy of a string, so a short slice kept for long does not keep the large text it was cut from alive. */
function copyString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

function grown<T extends Float32Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** The label column's index, or a message when the named column is missing or ambiguous. */
function findLabelColumn(names: string[], label: string | undefined): number | string {
  if (label === undefined) return names.length - 1;
  const matches = names.flatMap((name, column) => (name === label.trim() ? [column] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) return `the header has ${matches.length} columns named "${label}"; rename them so the label column is unique.`;
  return `there is no column named "${label}"; the columns are ${names.map((name) => `"${name}"`).join(', ')}.`;
}

/** The cell as a finite number, or why it is not one. */
function readNumber(cell: string): number | string {
  const text = cell.trim();
  if (decimal.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) return `"${text}" is too large to be a finite number.`;
    if (Math.abs(value) > 3.4e38) return `"${text}" does not fit in a 32-bit float.`;
    return value;
  }
  if (text === '') return 'the cell is empty; every feature cell needs a number.';
  if (/^nan$/i.test(text)) return 'NaN is not a usable value; fill in the missing measurement or drop the row.';
  if (/^[+-]?(inf|infinity)$/i.test(text)) return `"${text}" is not a finite number.`;
  return `"${text}" is not a number (feature columns must be numeric; only the label column may hold text).`;
}

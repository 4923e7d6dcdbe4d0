/**
 * CSV import: a header row, numeric feature columns and one label column (by name, or the last).
 * Anything unusable is reported by row and column, so a person can open the file and fix that cell.
 * Rows are counted as in a spreadsheet: the header is row 1 (the line number, unless a quoted
 * cell spans lines); blank lines are skipped but still counted.
 */
import Papa from 'papaparse';
import type { Dataset } from './dataset';

export interface CsvOptions {
  /** The label column's header name; the last column when omitted. */
  label?: string;
  /** Refuse files with more data rows than this (memory guard). */
  maxRows?: number;
  /**
   * Map labels onto these classes (a test file read against its training file's classes) instead
   * of deriving the classes from this file; a label outside them is an error naming its row.
   */
  classNames?: readonly string[];
}

export type CsvResult = { ok: true; dataset: Dataset; featureNames: string[]; labelName: string } | { ok: false; message: string };

const defaultMaxRows = 2_000_000;
const maxReportedProblems = 5;
/** A plain decimal number: no hex, no empty string, no "Infinity" — Number() accepts all of those. */
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false });
  const records = parsed.data;
  // 'Delimiter' only says auto-detection fell back to ','; quote errors are real.
  const syntax = parsed.errors.find((error) => error.type === 'Quotes');
  if (syntax) return fail(`row ${(syntax.row ?? 0) + 1}: ${syntax.message.replace(/\.$/, '')} (check the quotes on that row).`);

  const header = records[0];
  if (!header || isBlank(header)) return fail('the file is empty: it needs a header row naming the columns, then one row per sample.');
  const names = header.map((cell, column) => cell.trim() || `column ${column + 1}`);
  if (names.length < 2) return fail(`the header names only one column ("${names[0]}"): a CSV needs at least one feature column and a label column.`);

  const labelColumn = findLabelColumn(names, options.label);
  if (typeof labelColumn === 'string') return fail(labelColumn);
  const featureColumns = names.map((_, column) => column).filter((column) => column !== labelColumn);

  const problems: string[] = [];
  const dataRows: { row: number; cells: string[] }[] = [];
  records.slice(1).forEach((cells, index) => {
    const row = index + 2;
    if (isBlank(cells)) return;
    if (cells.length !== names.length) problems.push(`row ${row} has ${cells.length} cells but the header names ${names.length} columns.`);
    else dataRows.push({ row, cells });
  });
  const maxRows = options.maxRows ?? defaultMaxRows;
  if (dataRows.length === 0 && problems.length === 0) return fail('the file has a header but no data rows.');
  if (dataRows.length > maxRows) return fail(`the file has ${dataRows.length} data rows; at most ${maxRows} can be loaded.`);

  const features = featureColumns.length;
  const x = new Float32Array(dataRows.length * features);
  const labels: string[] = [];
  dataRows.forEach(({ row, cells }, sample) => {
    featureColumns.forEach((column, feature) => {
      const value = readNumber(cells[column]!);
      if (typeof value === 'string') problems.push(`row ${row}, column "${names[column]}": ${value}`);
      else x[sample * features + feature] = value;
    });
    const label = cells[labelColumn]!.trim();
    if (label === '') problems.push(`row ${row}, column "${names[labelColumn]}": the label is empty; every row needs a class.`);
    labels.push(label);
  });
  if (problems.length > 0) return fail(describeProblems(problems));

  const encoded = options.classNames
    ? encodeWithClasses(labels, options.classNames, dataRows.map(({ row }) => row), names[labelColumn]!)
    : encodeLabels(labels);
  if (Array.isArray(encoded)) return fail(describeProblems(encoded));
  return { ok: true, dataset: { x, ...encoded, rows: dataRows.length, features }, featureNames: featureColumns.map((column) => names[column]!), labelName: names[labelColumn]! };
}

function fail(message: string): CsvResult {
  return { ok: false, message: `CSV: ${message}` };
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
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
  if (text === '') return 'the cell is empty; every feature cell needs a number.';
  if (/^nan$/i.test(text)) return 'NaN is not a usable value; fill in the missing measurement or drop the row.';
  if (/^[+-]?(inf|infinity)$/i.test(text)) return `"${text}" is not a finite number.`;
  if (!decimal.test(text)) return `"${text}" is not a number (feature columns must be numeric; only the label column may hold text).`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `"${text}" is too large to be a finite number.`;
  if (Math.abs(value) > 3.4e38) return `"${text}" does not fit in a 32-bit float.`;
  return value;
}

/**
 * Class indices from label cells: numeric labels sorted by value, text labels sorted by code
 * point, so the same file always maps the same way. Numeric labels also keep their values.
 */
function encodeLabels(labels: string[]): Pick<Dataset, 'y' | 'classes' | 'classNames' | 'values'> {
  const numeric = labels.every((label) => decimal.test(label));
  const keys = numeric ? labels.map((label) => String(Number(label))) : labels;
  const distinct = [...new Set(keys)];
  if (numeric) distinct.sort((a, b) => Number(a) - Number(b));
  else distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indexOf = new Map(distinct.map((key, index) => [key, index]));
  const y = Int32Array.from(keys, (key) => indexOf.get(key)!);
  return { y, classes: distinct.length, classNames: distinct, ...(numeric && { values: Float32Array.from(keys, Number) }) };
}

/**
 * Class indices from given class names (numeric names match by value, so "1.0" is class "1"), or
 * the problems: each label outside those classes, by row.
 */
function encodeWithClasses(labels: string[], classNames: readonly string[], rows: number[], column: string): Pick<Dataset, 'y' | 'classes' | 'classNames' | 'values'> | string[] {
  const numeric = classNames.every((name) => decimal.test(name)) && labels.every((label) => decimal.test(label));
  const key = (label: string) => (numeric ? String(Number(label)) : label);
  const indexOf = new Map(classNames.map((name, index) => [key(name), index]));
  const known = classNames.map((name) => `"${name}"`).join(', ');
  const unknown = labels.flatMap((label, sample) =>
    indexOf.has(key(label)) ? [] : [`row ${rows[sample]}, column "${column}": class "${label}" is not one of the training classes (${known}).`],
  );
  if (unknown.length > 0) return unknown;
  const y = Int32Array.from(labels, (label) => indexOf.get(key(label))!);
  return { y, classes: classNames.length, classNames: [...classNames], ...(numeric && { values: Float32Array.from(labels, Number) }) };
}

function describeProblems(problems: string[]): string {
  const shown = problems.slice(0, maxReportedProblems).join(' ');
  const more = problems.length - maxReportedProblems;
  return more > 0 ? `${shown} (and ${more} more problems)` : shown;
}

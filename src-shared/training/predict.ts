/**
 * `deepwire predict`, the pure part: a trained model applied to the raw rows of a CSV. The model's
 * feature columns are found by header name (the training file's featureNames), so the columns may
 * come in any order and a label column (or any other) is ignored; a model trained on generated
 * data records no names, so the first numeric columns are taken, and the caller is told so. The
 * model's own normalization (fitted on its training rows) is applied before the network, as the
 * run applied it. Every problem comes back as a message naming the row and column to fix.
 */
import { z } from 'zod';
import { CsvRecordSplitter, type CsvRecordSink } from '../data/csv-records';
import { isGeneratorKind } from '../data/generators/registry';
import { applyNormalizer, Normalizer } from '../data/normalize';
import type { ModelDocument } from '../engine/model-document';
import { createRng } from '../engine/rng';
import { createTsTrainer } from '../engine/ts-trainer';

/** The most data rows predicted at once (the CSV loader's own limit for training files). */
export const predictMaxRows = 2_000_000;
const maxReportedProblems = 5;
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Header names taken for a label when a model without feature names looks for its numeric inputs. */
const labelLike = /^(label|labels|class|classes|target|targets|output|category|species)$/i;

/** A label-like header; "y" only when there is no "x" beside it (x, y are a point's coordinates). */
function labelColumns(names: readonly string[]): Set<number> {
  const coordinates = names.some((name) => /^x$/i.test(name));
  return new Set(names.flatMap((name, column) => (labelLike.test(name) || (!coordinates && /^y$/i.test(name)) ? [column] : [])));
}

/** What a model was trained on, as its document records it. */
export interface ModelInputs {
  inputSize: number;
  /** The training file's feature columns in order; null for generated data and packages without a header. */
  featureNames: string[] | null;
  /** The class of each output unit (softmax), or of 0 and 1 (one sigmoid unit); null when unnamed. */
  classNames: string[] | null;
  /** Where the data came from (moons, iris, a CSV path), for messages. */
  dataset: string | null;
}

const NameList = z.array(z.string()).nullable().optional().catch(null);

export function modelInputs(doc: Pick<ModelDocument, 'spec' | 'metadata'>): ModelInputs {
  const training = doc.metadata.training;
  const featureNames = NameList.parse(training.featureNames) ?? null;
  return {
    inputSize: doc.spec.inputSize,
    // Names that do not match the network's inputs are no guide to its columns.
    featureNames: featureNames && featureNames.length === doc.spec.inputSize ? featureNames : null,
    classNames: NameList.parse(training.classNames) ?? null,
    dataset: typeof training.dataset === 'string' ? training.dataset : null,
  };
}

export type FeatureColumns = { ok: true; columns: number[]; names: string[]; note: string | null } | { ok: false; message: string };

/**
 * Which columns of a CSV header feed the model's inputs, in the model's order. `firstRow` (the
 * first data row's cells) decides which columns are numeric when the model records no names.
 */
export function featureColumns(header: readonly string[], inputs: ModelInputs, firstRow: readonly string[] | null): FeatureColumns {
  const names = header.map((cell, column) => cell.trim() || `column ${column + 1}`);
  const listed = (list: readonly string[]) => list.map((name) => `"${name}"`).join(', ');
  if (inputs.featureNames) {
    const columns: number[] = [];
    const missing: string[] = [];
    for (const feature of inputs.featureNames) {
      const matches = names.flatMap((name, column) => (name === feature.trim() ? [column] : []));
      if (matches.length > 1) return { ok: false, message: `the header has ${matches.length} columns named "${feature}"; rename them so each of the model's feature columns is there once.` };
      if (matches.length === 0) missing.push(feature);
      else columns.push(matches[0]!);
    }
    if (missing.length > 0) {
      const what = missing.length === 1 ? `column ${listed(missing)}` : `columns ${listed(missing)}`;
      return { ok: false, message: `the CSV has no ${what}: the model takes ${listed(inputs.featureNames)} (matched by header name); the file's columns are ${listed(names)}.` };
    }
    return { ok: true, columns, names: inputs.featureNames, note: null };
  }
  // No names recorded (generated data): the first numeric columns, a label-like one skipped.
  if (names.every((name) => decimal.test(name))) {
    return { ok: false, message: 'the first row holds only numbers: the CSV needs a header row naming its columns, then one row per sample.' };
  }
  const labels = labelColumns(names);
  const skipped = names.filter((_, column) => labels.has(column));
  const numeric = names.flatMap((_, column) => (!labels.has(column) && (firstRow === null || decimal.test((firstRow[column] ?? '').trim())) ? [column] : []));
  const dataset = inputs.dataset;
  const origin = dataset === null ? 'data without column names' : isGeneratorKind(dataset) ? `generated data (${dataset})` : `the ${dataset} data`;
  if (numeric.length < inputs.inputSize) {
    const found = numeric.length === 0 ? 'no numeric columns' : `only ${numeric.length} numeric column${numeric.length === 1 ? '' : 's'} (${listed(numeric.map((column) => names[column]!))})`;
    return { ok: false, message: `the model takes ${inputs.inputSize} inputs but the CSV has ${found}${skipped.length > 0 ? ` besides the label ${listed(skipped)}` : ''}; the model was trained on ${origin}, so it takes the first ${inputs.inputSize} numeric columns.` };
  }
  const columns = numeric.slice(0, inputs.inputSize);
  const taken = columns.map((column) => names[column]!);
  const note = `the model records no column names (it was trained on ${origin}), so its ${inputs.inputSize} inputs are taken from the first ${inputs.inputSize} numeric columns: ${listed(taken)}${skipped.length > 0 ? ` (${listed(skipped)} skipped as the label)` : ''}.`;
  return { ok: true, columns, names: taken, note };
}

export type PredictionRows = { ok: true; x: Float32Array; rows: number; sourceRows: number[]; columns: string[]; note: string | null } | { ok: false; message: string };

/** Collects a CSV's records (the header, then the data rows with their spreadsheet row numbers). */
class RecordCollector implements CsvRecordSink {
  header: string[] | null = null;
  readonly records: { cells: string[]; row: number }[] = [];
  problem: string | null = null;

  constructor(private readonly maxRows: number) {}

  record(cells: string[], row: number): boolean {
    const blank = cells.every((cell) => cell.trim() === '');
    if (!this.header) {
      if (blank) {
        this.problem = 'the file is empty: it needs a header row naming the columns, then one row per sample.';
        return false;
      }
      this.header = cells;
      return true;
    }
    if (blank) return true;
    if (this.records.length === this.maxRows) {
      this.problem = `the file has more than ${this.maxRows.toLocaleString('en-US')} data rows; predict at most that many at once (split the file).`;
      return false;
    }
    this.records.push({ cells, row });
    return true;
  }

  syntaxProblem(row: number, message: string): void {
    this.problem ??= `row ${row}: ${message}.`;
  }
}

/** The model's feature values of each data row of CSV text, raw (not normalized). */
export function readPredictionRows(text: string, inputs: ModelInputs, options: { maxRows?: number } = {}): PredictionRows {
  const collector = new RecordCollector(options.maxRows ?? predictMaxRows);
  const splitter = new CsvRecordSplitter(collector);
  if (splitter.write(text)) splitter.end();
  const fail = (message: string): PredictionRows => ({ ok: false, message: `CSV: ${message}` });
  if (collector.problem) return fail(collector.problem);
  const { header, records } = collector;
  if (!header) return fail('the file is empty: it needs a header row naming the columns, then one row per sample.');
  if (records.length === 0) return fail('the file has a header but no data rows.');
  const chosen = featureColumns(header, inputs, records[0]!.cells);
  if (!chosen.ok) return fail(chosen.message);

  const names = header.map((cell, column) => cell.trim() || `column ${column + 1}`);
  const features = chosen.columns.length;
  const x = new Float32Array(records.length * features);
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (message: string) => {
    if (problemCount < maxReportedProblems) problems.push(message);
    problemCount += 1;
  };
  records.forEach(({ cells, row }, sample) => {
    if (cells.length !== header.length) return problem(`row ${row} has ${cells.length} cells but the header names ${header.length} columns.`);
    chosen.columns.forEach((column, feature) => {
      const value = readNumber(cells[column]!);
      if (typeof value === 'string') problem(`row ${row}, column "${names[column]}": ${value}`);
      else x[sample * features + feature] = value;
    });
  });
  if (problemCount > 0) {
    const more = problemCount - problems.length;
    return fail(`${problems.join(' ')}${more > 0 ? ` (and ${more} more problems)` : ''}`);
  }
  return { ok: true, x, rows: records.length, sourceRows: records.map((record) => record.row), columns: chosen.names, note: chosen.note };
}

/** The cell as a finite number, or why it is not one. */
function readNumber(cell: string): number | string {
  const text = cell.trim();
  if (decimal.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value) || Math.abs(value) > 3.4e38) return `"${text}" does not fit in a 32-bit float.`;
    return value;
  }
  if (text === '') return 'the cell is empty; every feature cell needs a number.';
  if (/^nan$/i.test(text)) return 'NaN is not a usable value; fill in the missing measurement or drop the row.';
  return `"${text}" is not a number (the model's feature columns must be numeric).`;
}

/**
 * The model's output activations for raw feature rows (rows × inputSize, the training file's
 * units): the model's normalization, then the network in inference mode (Deepwire's TypeScript
 * engine, the reference every other backend and every export is checked against).
 */
export function predictRaw(doc: Pick<ModelDocument, 'spec' | 'weights' | 'normalization'>, x: Float32Array, rows: number): number[][] {
  const { inputSize } = doc.spec;
  if (x.length !== rows * inputSize) throw new Error(`predict: ${x.length} values are not ${rows} rows of ${inputSize} features`);
  const normalizer = Normalizer.safeParse(doc.normalization);
  if (!normalizer.success) throw new Error(`the model's normalization is damaged (${normalizer.error.issues[0]?.message ?? 'invalid'})`);
  const trainer = createTsTrainer(doc.spec, { initializer: { kind: 'zeros' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(0) });
  try {
    trainer.importWeights({ format: 'deepwire-weights', version: 1, spec: doc.spec, tensors: doc.weights });
    const output = trainer.predict(applyNormalizer(normalizer.data, x, inputSize), rows);
    const units = output.length / Math.max(rows, 1);
    return Array.from({ length: rows }, (_, row) => Array.from(output.subarray(row * units, (row + 1) * units)));
  } finally {
    trainer.dispose();
  }
}

/** One row's prediction said to a person: the class (and its name), or the value a linear output gives. */
export function describePrediction(doc: Pick<ModelDocument, 'spec'>, classNames: readonly string[] | null, outputs: readonly number[]): string {
  switch (doc.spec.output.activation) {
    case 'linear':
      return outputs.map((value) => formatNumber(value)).join(', ');
    case 'sigmoid': {
      if (outputs.length !== 1) return outputs.map((p, unit) => `${nameOf(classNames, unit)}: ${p >= 0.5 ? 'yes' : 'no'}`).join(', ');
      const positive = outputs[0]! >= 0.5 ? 1 : 0;
      return nameOf(classNames, positive);
    }
    case 'softmax': {
      let best = 0;
      outputs.forEach((p, unit) => {
        if (p > outputs[best]!) best = unit;
      });
      return nameOf(classNames, best);
    }
  }
}

function nameOf(classNames: readonly string[] | null, index: number): string {
  const name = classNames?.[index];
  return name === undefined || name === String(index) ? String(index) : `${index} (${name})`;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-4) ? value.toExponential(4) : value.toFixed(4);
}

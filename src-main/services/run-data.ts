/**
 * The data service: loads what a RunRequest's data source names from disk or an installed package
 * (a CSV file and its test file, MNIST, Iris) and hands it to prepareRun. Async, cancellable, with
 * the CSV reader's progress passed through; every problem is data naming the request field.
 */
import { stat } from 'node:fs/promises';
import type { Dataset } from '@shared/data/dataset';
import { prepareRun, requestProblem, type LoadedData, type PrepareRunOptions, type PrepareRunResult, type RunSetupError } from '@shared/training/prepare-run';
import { parseCsv } from '@shared/data/csv';
import { isFileSource, RunRequest, type DataSource, type FileDataSource } from '@shared/training/run-request';
import { readCsvFile, type CsvFileProgress } from '../data/csv-file';
import { irisFeatureNames, loadIris } from '../data/iris';
import { loadMnistDigits } from '../data/mnist';

export interface RunDataProgress extends CsvFileProgress {
  /** Which file is being read: the data set or its separate test file. */
  file: 'data' | 'test';
  path: string;
}

export interface RunDataOptions {
  /** Aborting stops a CSV read; the result is then an error. */
  signal?: AbortSignal;
  onProgress?: (progress: RunDataProgress) => void;
  /** Passed to the CSV reader (its own defaults otherwise). */
  maxCsvBytes?: number;
  maxCsvRows?: number;
}

export type LoadRunDataResult = { ok: true; data: LoadedData | null } | RunSetupError;

/**
 * Loads a file or package source; generated sources need nothing loaded (data: null). The last
 * two loaded are kept for five minutes (recentData): every run, and every trial of a search, is prepared here
 * before its worker trains it, and reading MNIST again cost main ~250 ms a trial (its loop
 * blocked), a large CSV a parse a trial. A CSV is read again when its file's size or
 * modification time changed. Loaded data is never written to (each run copies what it uses).
 */
export async function loadRunData(source: DataSource, options: RunDataOptions = {}): Promise<LoadRunDataResult> {
  if (!isFileSource(source)) return { ok: true, data: null };
  const key = await dataKey(source, options);
  const kept = key === null ? undefined : recentData.get(key);
  forgetWhenIdle();
  if (kept) {
    // The most recently used last: the first in the map is the one to forget.
    recentData.delete(key!);
    recentData.set(key!, kept);
    return { ok: true, data: kept };
  }
  const loaded = await readRunData(source, options);
  if (loaded.ok && loaded.data && key !== null) {
    recentData.set(key, loaded.data);
    while (recentData.size > keptDataSets) recentData.delete(recentData.keys().next().value!);
  }
  return loaded;
}

/** How many loaded data sets are kept (a search uses one; a person may switch between two), and for how long unused (a large CSV's rows are not held for ever). */
const keptDataSets = 2;
const keptForMs = 5 * 60_000;
const recentData = new Map<string, LoadedData>();
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function forgetWhenIdle(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(forgetRecentData, keptForMs);
  idleTimer.unref();
}

/** Forgets every kept data set (tests; five minutes without a load). */
export function forgetRecentData(): void {
  recentData.clear();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

/** What identifies a source's content, or null when it cannot be told (a file that is not there: read it and say so). */
async function dataKey(source: FileDataSource, options: RunDataOptions): Promise<string | null> {
  if (source.kind === 'csv-text') return null;
  if (source.kind !== 'csv') return source.kind;
  const fileIdentity = async (path: string | undefined) => {
    if (path === undefined) return 'none';
    const info = await stat(path).catch(() => null);
    return info?.isFile() ? `${info.size}:${info.mtimeMs}` : null;
  };
  const [data, test] = await Promise.all([fileIdentity(source.path), fileIdentity(source.testPath)]);
  if (data === null || test === null) return null;
  return JSON.stringify([source.kind, source.path, data, source.testPath ?? null, test, source.label ?? null, options.maxCsvBytes ?? null, options.maxCsvRows ?? null]);
}

async function readRunData(source: FileDataSource, options: RunDataOptions): Promise<LoadRunDataResult> {
  switch (source.kind) {
    case 'mnist':
    case 'iris':
      try {
        const all = source.kind === 'mnist' ? loadMnistDigits() : loadIris();
        // Iris's columns have names (a model trained on it predicts CSV rows by them); MNIST's 784 pixels do not.
        const featureNames = source.kind === 'iris' ? [...irisFeatureNames] : null;
        return { ok: true, data: { name: source.kind, all, test: null, featureNames, labelName: null } };
      } catch (error) {
        return { ok: false, field: 'data', message: (error as Error).message };
      }
    case 'csv':
      return loadCsvSource(source, options);
    case 'csv-text': {
      // Text the page read itself: already in memory and bounded by the contract's schema.
      const result = parseCsv(source.text, { ...(source.label !== undefined && { label: source.label }), ...(options.maxCsvRows !== undefined && { maxRows: options.maxCsvRows }) });
      if (!result.ok) return { ok: false, field: 'data', message: `${source.name}: ${result.message}` };
      return { ok: true, data: { name: source.name, all: result.dataset, test: null, featureNames: result.featureNames, labelName: result.labelName } };
    }
  }
}

/** Validates the request, loads its data, then prepares the run (see prepareRun). */
export async function prepareRunWithData(input: unknown, options: RunDataOptions & PrepareRunOptions = {}): Promise<PrepareRunResult> {
  const parsed = RunRequest.safeParse(input);
  if (!parsed.success) return requestProblem(parsed.error);
  const loaded = await loadRunData(parsed.data.data, options);
  if (!loaded.ok) return loaded;
  return prepareRun(parsed.data, loaded.data, options);
}

async function loadCsvSource(source: Extract<DataSource, { kind: 'csv' }>, options: RunDataOptions): Promise<LoadRunDataResult> {
  const main = await readCsv('data', source.path, source.label, undefined, options);
  if (!main.ok) return main;
  let test: Dataset | null = null;
  if (source.testPath !== undefined) {
    const loaded = await readCsv('test', source.testPath, source.label, main.dataset.classNames, options);
    if (!loaded.ok) return loaded;
    if (loaded.featureNames.join('\u0000') !== main.featureNames.join('\u0000')) {
      return {
        ok: false,
        field: 'test',
        message: `the test file must have the same feature columns as the data (${main.featureNames.join(', ')}); ${source.testPath} has ${loaded.featureNames.join(', ')}`,
      };
    }
    test = loaded.dataset;
  }
  return { ok: true, data: { name: source.path, all: main.dataset, test, featureNames: main.featureNames, labelName: main.labelName } };
}

async function readCsv(file: 'data' | 'test', path: string, label: string | undefined, classNames: readonly string[] | undefined, options: RunDataOptions) {
  const field = file;
  const info = await stat(path).catch(() => null);
  if (!info || !info.isFile()) return { ok: false as const, field, message: `there is no file '${path}'` };
  const result = await readCsvFile(path, {
    ...(label !== undefined && { label }),
    ...(classNames && { classNames }),
    ...(options.maxCsvBytes !== undefined && { maxBytes: options.maxCsvBytes }),
    ...(options.maxCsvRows !== undefined && { maxRows: options.maxCsvRows }),
    ...(options.signal && { signal: options.signal }),
    ...(options.onProgress && { onProgress: (progress: CsvFileProgress) => options.onProgress!({ ...progress, file, path }) }),
  });
  if (!result.ok) return { ok: false as const, field, message: `${path}: ${result.message}` };
  return result;
}

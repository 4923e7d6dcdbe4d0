/**
 * Datasets travel once. The coordinator stores each search's data in Redis under its fingerprint
 * (datasetKey) before it submits trials; every worker fetches it once, checks it, caches it and
 * trains each trial on its own copy. What travels is what a worker cannot make itself:
 * - a generator (moons, spirals, ...) or a packaged set (mnist, iris): only its recipe — every
 *   worker machine has the packages and generates the same rows from the same seed;
 * - a CSV file (a path on the coordinator's machine, and its separate test file) or CSV text:
 *   the text itself.
 * The fingerprint is the sha256 of the payload's canonical JSON, so the same data is stored once
 * however many searches use it, and a worker refuses a payload that does not hash to the job's.
 *
 * On the worker, CSV text becomes a `csv-text` source. Two cases that source cannot express are
 * written to files in the cache's folder and given as a `csv` source instead (the documented
 * extension: no contract change, the worker's own disk): a CSV with a separate test file, and a
 * text longer than the `csv-text` schema allows (maxCsvTextChars).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DataSource, maxCsvTextChars, type RunSettings } from '@shared/api';
import { csvMaxBytes, describeBytes } from '@shared/data/csv';
import { datasetKey, type TrialJobData } from './protocol';

const CsvFile = z.object({ name: z.string().min(1).max(255), text: z.string() }).strict();

/** What datasetKey(fingerprint) holds (as canonical JSON). */
export const DatasetPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recipe'), source: DataSource }).strict(),
  z.object({ kind: z.literal('csv'), data: CsvFile, test: CsvFile.nullable(), label: z.string().min(1).max(1000).nullable() }).strict(),
]);
export type DatasetPayload = z.infer<typeof DatasetPayload>;

/** A dataset the worker cannot use: missing from Redis, not matching its fingerprint, or not a payload at all. */
export class DatasetError extends Error {
  constructor(
    readonly reason: 'missing' | 'mismatch' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** JSON with every object's keys sorted, so equal payloads give equal text (and equal fingerprints). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint of a payload: sha256 (hex) of its canonical JSON. */
export function datasetFingerprint(payload: DatasetPayload): string {
  return sha256(canonicalJson(payload));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The payload for a run's data: its recipe, or the CSV text (read from the coordinator's disk for a csv path). */
export async function datasetPayload(settings: RunSettings): Promise<DatasetPayload> {
  const source = settings.data;
  if (source.kind === 'csv') {
    return {
      kind: 'csv',
      data: { name: basename(source.path), text: await readCsvText(source.path) },
      test: source.testPath === undefined ? null : { name: basename(source.testPath), text: await readCsvText(source.testPath) },
      label: source.label ?? null,
    };
  }
  if (source.kind === 'csv-text') return { kind: 'csv', data: { name: source.name, text: source.text }, test: null, label: source.label ?? null };
  // Generators and packaged sets: each worker makes the same rows from the recipe and its seeds.
  return { kind: 'recipe', source };
}

async function readCsvText(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info || !info.isFile()) throw new Error(`there is no file '${path}' to send to the queue's workers`);
  if (info.size > csvMaxBytes) throw new Error(`${path} is ${describeBytes(info.size)}; a CSV can be at most ${describeBytes(csvMaxBytes)}`);
  return readFile(path, 'utf8');
}

/**
 * How long a dataset stays in Redis after the last trial that needed it was submitted: a week, so a
 * queue shared for months does not keep every search's data for ever; each submission renews it.
 */
export const datasetTtlSeconds = 7 * 24 * 3600;

/**
 * Coordinator: stores the run's data in Redis under its fingerprint (once: SET NX, so a dataset
 * already there, from this search or another, is not written again, only kept longer) and returns
 * the fingerprint the search's jobs carry.
 */
export async function publishDataset(redis: Redis, settings: RunSettings): Promise<{ fingerprint: string }> {
  const payload = await datasetPayload(settings);
  const text = canonicalJson(payload);
  const fingerprint = sha256(text);
  const written = await redis.set(datasetKey(fingerprint), text, 'EX', datasetTtlSeconds, 'NX');
  if (written === null) await renewDataset(redis, fingerprint);
  return { fingerprint };
}

/** Coordinator: keeps a dataset another datasetTtlSeconds (a trial that needs it is being submitted). */
export async function renewDataset(redis: Redis, fingerprint: string): Promise<void> {
  await redis.expire(datasetKey(fingerprint), datasetTtlSeconds);
}

export interface DatasetCacheOptions {
  /** Where CSV files are written for a `csv` source (default: a new temporary folder, removed by dispose()). */
  dir?: string;
}

/** Worker: fetches each fingerprint's payload once, checks it, and gives each job settings it can load itself. */
export class DatasetCache {
  private readonly sources = new Map<string, Promise<DataSource>>();
  private dir: Promise<string> | null = null;
  private readonly ownsDir: boolean;

  constructor(
    private readonly redis: Redis,
    private readonly options: DatasetCacheOptions = {},
  ) {
    this.ownsDir = options.dir === undefined;
  }

  /** The job's settings with their data replaced by the checked payload's source; throws a DatasetError when it is missing or does not match. */
  async settingsFor(job: TrialJobData): Promise<RunSettings> {
    const source = await this.sourceFor(job.datasetFingerprint);
    return { ...job.settings, data: source };
  }

  /** Removes the files it wrote (when it made its own folder) and forgets every payload. */
  async dispose(): Promise<void> {
    this.sources.clear();
    const dir = this.dir;
    this.dir = null;
    if (dir && this.ownsDir) await rm(await dir, { recursive: true, force: true });
  }

  private sourceFor(fingerprint: string): Promise<DataSource> {
    let source = this.sources.get(fingerprint);
    if (!source) {
      source = this.fetch(fingerprint);
      this.sources.set(fingerprint, source);
      // A failed fetch is not cached: the coordinator may publish it later, a later try fetches again.
      source.catch(() => this.sources.delete(fingerprint));
    }
    return source;
  }

  private async fetch(fingerprint: string): Promise<DataSource> {
    const short = fingerprint.slice(0, 12);
    const stored = await this.redis.get(datasetKey(fingerprint));
    if (stored === null) {
      throw new DatasetError('missing', `The dataset ${short}… is not in Redis (${datasetKey(fingerprint)}): its coordinator stores it before submitting trials, so it was removed or this job is not from that coordinator. The trial was not trained.`);
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(stored);
    } catch {
      throw new DatasetError('invalid', `The dataset stored for ${short}… is not JSON; the trial was not trained.`);
    }
    const actual = sha256(canonicalJson(parsedJson));
    if (actual !== fingerprint) {
      throw new DatasetError('mismatch', `The dataset stored for fingerprint ${short}… does not match it (its content hashes to ${actual.slice(0, 12)}…): this worker never trains on data other than the search's, so the trial was not trained.`);
    }
    const payload = DatasetPayload.safeParse(parsedJson);
    if (!payload.success) throw new DatasetError('invalid', `The dataset stored for ${short}… is not one this worker understands (${payload.error.issues[0]?.message ?? 'invalid'}); update Deepwire on the coordinator or the worker.`);
    return this.sourceOf(fingerprint, payload.data);
  }

  private async sourceOf(fingerprint: string, payload: DatasetPayload): Promise<DataSource> {
    if (payload.kind === 'recipe') return payload.source;
    const label = payload.label === null ? {} : { label: payload.label };
    if (payload.test === null && payload.data.text.length <= maxCsvTextChars) return { kind: 'csv-text', name: payload.data.name, text: payload.data.text, ...label };
    // A test file, or more text than a csv-text source holds: files on this machine, read as any CSV path.
    const folder = join(await this.folder(), fingerprint);
    await mkdir(join(folder, 'test'), { recursive: true });
    const path = join(folder, safeName(payload.data.name));
    await writeFile(path, payload.data.text);
    if (payload.test === null) return { kind: 'csv', path, ...label };
    const testPath = join(folder, 'test', safeName(payload.test.name));
    await writeFile(testPath, payload.test.text);
    return { kind: 'csv', path, testPath, ...label };
  }

  private folder(): Promise<string> {
    this.dir ??= this.options.dir !== undefined ? mkdir(this.options.dir, { recursive: true }).then(() => this.options.dir!) : mkdtemp(join(tmpdir(), 'deepwire-datasets-'));
    return this.dir;
  }
}

/** A file name from another machine, kept readable (it shows in messages) but never a path. */
function safeName(name: string): string {
  const cleaned = basename(name).replace(/[^\w.\- ]/g, '_');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'data.csv' : cleaned;
}

/**
 * Runs as one versioned JSON file (deepwire history --export / --import): each run with its
 * settings (a page's CSV text included), design, every step, every report, interventions, tags,
 * notes and visuals. Import checks the whole file first (JSON limits, then the zod schema below)
 * and writes every run in one transaction, so a broken or hostile file changes nothing. Imported
 * runs get new ids in this database (ids are per database); a run already here (same creation
 * time, label and data fingerprint) is skipped, so importing a file twice adds nothing.
 */
import { z } from 'zod';
import { AdjustmentChanges, checkJson, RunState, RunSettings, RunVisuals, StepPoint, TrainingProgress, TrainingResult, type JsonLimits } from '@shared/api';
import { backendKinds } from '@shared/api/training-settings';
import { GraphDoc } from '@shared/graph/doc';
import type { SqliteDatabase } from './database';
import { insertReports, readReports } from './report-chunks';
import { finite, nextRunSeq, restoredSettings, sha256, storedBackend, storedSettings, type RunsRow } from './run-rows';
import { stepColumnsOf } from '@shared/training/step-columns';
import { insertSteps, readSteps } from './step-chunks';

export const archiveFormat = 'deepwire-runs';
export const archiveVersion = 1;

const isoTime = z.iso.datetime();
const count = z.number().int().min(0);
const MetricPair = z.object({ loss: z.number().nullable(), accuracy: z.number().nullable() }).strict();

export const ArchivedRun = z
  .object({
    id: z.string().min(1).max(100),
    label: z.string().max(500),
    status: RunState,
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    endedAt: isoTime.nullable(),
    durationMs: z.number().min(0).nullable(),
    /** The engine that took its steps (absent in archives written before engines were kept). */
    backend: z.enum(backendKinds).nullable().optional(),
    settings: RunSettings,
    design: z.object({ name: z.string().min(1).max(200), doc: GraphDoc }).strict().nullable(),
    dataset: z.string().max(500),
    datasetDescription: z.string().max(10_000),
    datasetFingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
    parameters: count,
    epochs: count,
    totalSteps: count,
    epoch: count,
    step: count,
    train: MetricPair.nullable(),
    dev: MetricPair.nullable(),
    test: MetricPair.nullable(),
    result: TrainingResult.nullable(),
    warnings: z.array(z.string().max(2000)).max(200),
    notes: z.string().max(100_000),
    tags: z.array(z.string().min(1).max(100)).max(100),
    error: z.string().max(20_000).nullable(),
    continuedFrom: z.string().max(100).nullable(),
    interventions: z.array(z.object({ step: count, changes: AdjustmentChanges, previous: z.record(z.string().max(50), z.union([z.number(), z.string().max(200), z.record(z.string().max(50), z.unknown())])) }).strict()).max(100_000),
    steps: z.array(StepPoint).max(10_000_000),
    reports: z.array(TrainingProgress).max(1_000_000),
    visuals: RunVisuals.nullable(),
  })
  .strict();
export type ArchivedRun = z.output<typeof ArchivedRun>;

export const RunArchive = z
  .object({
    format: z.literal(archiveFormat),
    version: z.literal(archiveVersion),
    exportedAt: isoTime,
    runs: z.array(ArchivedRun).max(100_000),
  })
  .strict();
export type RunArchive = z.output<typeof RunArchive>;

/** Large enough for thousands of runs with every step; still bounded (depth, values, one string). */
export const archiveJsonLimits: JsonLimits = { maxDepth: 64, maxNodes: 50_000_000, maxStringLength: 200_000_000 };

/** A run's row with its design's name and its page CSV text, joined. */
interface RunRow extends RunsRow {
  design_name: string | null;
  text: string | null;
}

/** The runs with these ids (in this order) as an archive; ids not in the database are left out. */
export function exportRuns(db: SqliteDatabase | null, ids: readonly string[], now = new Date()): RunArchive {
  if (db === null) return { format: archiveFormat, version: archiveVersion, exportedAt: now.toISOString(), runs: [] };
  const select = db.prepare(
    `SELECT r.*, d.name AS design_name, t.text FROM runs r LEFT JOIN design_versions v ON v.id = r.design_version_id LEFT JOIN designs d ON d.id = v.design_id
     LEFT JOIN dataset_texts t ON t.fingerprint = r.dataset_fingerprint WHERE r.id = ?`,
  );
  const runs: ArchivedRun[] = [];
  for (const id of ids) {
    const row = select.get(id) as RunRow | undefined;
    if (!row) continue;
    const reports = readReports(db, id);
    runs.push({
      id: row.id,
      label: row.label,
      status: row.status,
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: row.duration_ms,
      backend: storedBackend(row.backend),
      settings: restoredSettings(row.settings, row.text) as RunSettings,
      design: row.design !== null && row.design_name !== null ? { name: row.design_name, doc: JSON.parse(row.design) as GraphDoc } : null,
      dataset: row.dataset,
      datasetDescription: row.dataset_description,
      datasetFingerprint: row.dataset_fingerprint,
      parameters: row.parameters,
      epochs: row.epochs,
      totalSteps: row.total_steps,
      epoch: row.epoch,
      step: row.step,
      train: pair(row.train_loss, row.train_accuracy),
      dev: pair(row.dev_loss, row.dev_accuracy),
      test: pair(row.test_loss, row.test_accuracy),
      result: row.result === null ? null : (JSON.parse(row.result) as TrainingResult),
      warnings: JSON.parse(row.warnings) as string[],
      notes: row.notes,
      tags: db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').pluck().all(id) as string[],
      error: row.error,
      continuedFrom: row.continued_from,
      interventions: (db.prepare('SELECT step, changes, previous FROM interventions WHERE run_id = ? ORDER BY seq').all(id) as { step: number; changes: string; previous: string }[]).map((i) => ({
        step: i.step,
        changes: JSON.parse(i.changes) as AdjustmentChanges,
        previous: JSON.parse(i.previous) as Record<string, number>,
      })),
      steps: readSteps(db, id),
      reports,
      visuals: row.visuals === null ? null : (JSON.parse(row.visuals) as RunVisuals),
    });
  }
  return { format: archiveFormat, version: archiveVersion, exportedAt: now.toISOString(), runs };
}

export type ParseArchiveResult = { ok: true; archive: RunArchive } | { ok: false; message: string };

/** The file's text checked as JSON within limits, then against the archive's schema; the message names the first problems. */
export function parseArchive(text: string): ParseArchiveResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const unsafe = checkJson(value, archiveJsonLimits);
  if (unsafe) return { ok: false, message: `it is refused: ${unsafe}` };
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== archiveFormat) return { ok: false, message: `it is not a Deepwire runs file (its "format" is ${JSON.stringify(format ?? null)}, expected "${archiveFormat}")` };
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > archiveVersion) return { ok: false, message: `it was written by a newer Deepwire (runs file version ${version}; this one reads version ${archiveVersion}): update Deepwire to import it` };
  const parsed = RunArchive.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    return { ok: false, message: `it does not read as a runs file: ${issues.join('; ')}${parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : ''}` };
  }
  for (const run of parsed.data.runs) {
    const problem = runProblem(run);
    if (problem) return { ok: false, message: `run ${run.id}: ${problem}` };
  }
  return { ok: true, archive: parsed.data };
}

/** What the schema cannot say: steps contiguous from 1, reports at steps that exist. */
function runProblem(run: ArchivedRun): string | null {
  const badStep = run.steps.findIndex((point, i) => point.step !== i + 1);
  if (badStep >= 0) return `its steps must run 1, 2, 3, … without gaps; entry ${badStep} is step ${run.steps[badStep]!.step}`;
  const epochs = new Set<number>();
  for (const report of run.reports) {
    if (report.kind !== 'epoch') continue;
    if (epochs.has(report.epoch)) return `it has two end-of-epoch reports for epoch ${report.epoch}`;
    epochs.add(report.epoch);
  }
  return null;
}

export interface ImportOutcome {
  /** Old id → new id, for the runs added. */
  imported: { from: string; to: string }[];
  /** Runs that were here already (same creation time, label and data fingerprint). */
  skipped: string[];
}

const activeStates: readonly RunState[] = ['queued', 'running', 'paused'];

/** Adds the archive's runs in one transaction (all or nothing). */
export function importRuns(db: SqliteDatabase, archive: RunArchive, now = new Date()): ImportOutcome {
  const outcome: ImportOutcome = { imported: [], skipped: [] };
  db.transaction(() => {
    let seq = nextRunSeq(db);
    // A run deleted in History (waiting to be purged) does not count: importing it brings it back as a new run.
    const existing = db.prepare('SELECT id FROM runs WHERE created_at = ? AND label = ? AND dataset_fingerprint = ? AND deleted_at IS NULL').pluck();
    const newIds = new Map<string, string>();
    const added: ArchivedRun[] = [];
    for (const run of archive.runs) {
      const already = existing.get(run.createdAt, run.label, run.datasetFingerprint) as string | undefined;
      if (already !== undefined) {
        outcome.skipped.push(run.id);
        newIds.set(run.id, already);
        continue;
      }
      const id = `run-${seq}`;
      newIds.set(run.id, id);
      writeRun(db, run, id, seq++, now);
      added.push(run);
      outcome.imported.push({ from: run.id, to: id });
    }
    // Links between runs of the file, once every run has its new id.
    const link = db.prepare('UPDATE runs SET continued_from = ? WHERE id = ?');
    for (const run of added) if (run.continuedFrom !== null && newIds.has(run.continuedFrom)) link.run(newIds.get(run.continuedFrom)!, newIds.get(run.id)!);
  }).immediate();
  return outcome;
}

function writeRun(db: SqliteDatabase, run: ArchivedRun, id: string, seq: number, now: Date): void {
  if (run.settings.data.kind === 'csv-text') db.prepare('INSERT OR IGNORE INTO dataset_texts (fingerprint, text) VALUES (?, ?)').run(sha256(run.settings.data.text), run.settings.data.text);
  // A run that was training when it was exported did not end here either.
  const interrupted = activeStates.includes(run.status);
  db.prepare(
    `INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, started_at, ended_at, duration_ms,
       parameters, epochs, total_steps, epoch, step, train_loss, train_accuracy, dev_loss, dev_accuracy, test_loss, test_accuracy, result, diagnosis, warnings, visuals, notes, error, backend)
     VALUES (@id, @seq, @label, @settings, @data_seed, @model_seed, @optimizer, @dataset, @dataset_description, @dataset_fingerprint, @status, @created_at, @started_at, @ended_at, @duration_ms,
       @parameters, @epochs, @total_steps, @epoch, @step, @train_loss, @train_accuracy, @dev_loss, @dev_accuracy, @test_loss, @test_accuracy, @result, @diagnosis, @warnings, @visuals, @notes, @error, @backend)`,
  ).run({
    id,
    seq,
    label: run.label,
    settings: storedSettings(run.settings),
    data_seed: run.settings.seeds.data,
    model_seed: run.settings.seeds.model,
    optimizer: run.settings.settings.optimizer.kind,
    dataset: run.dataset,
    dataset_description: run.datasetDescription,
    dataset_fingerprint: run.datasetFingerprint,
    status: interrupted ? 'interrupted' : run.status,
    created_at: run.createdAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    duration_ms: finite(run.durationMs),
    parameters: run.parameters,
    epochs: run.epochs,
    total_steps: run.totalSteps,
    epoch: run.epoch,
    step: run.step,
    train_loss: finite(run.train?.loss),
    train_accuracy: finite(run.train?.accuracy),
    dev_loss: finite(run.dev?.loss),
    dev_accuracy: finite(run.dev?.accuracy),
    test_loss: finite(run.test?.loss),
    test_accuracy: finite(run.test?.accuracy),
    result: run.result ? JSON.stringify(run.result) : null,
    diagnosis: run.result?.diagnosis ? JSON.stringify(run.result.diagnosis) : null,
    warnings: JSON.stringify(run.warnings),
    visuals: run.visuals ? JSON.stringify(run.visuals) : null,
    backend: run.backend ?? null,
    notes: run.notes,
    error: interrupted ? (run.error ?? `It was ${run.status} when it was exported; what it had recorded is kept (imported ${now.toISOString()}).`) : run.error,
  });
  if (run.design) {
    const doc = JSON.stringify(run.design.doc);
    db.prepare('INSERT OR IGNORE INTO designs (name, created_at) VALUES (?, ?)').run(run.design.name, now.toISOString());
    const designId = db.prepare('SELECT id FROM designs WHERE name = ?').pluck().get(run.design.name) as number;
    const hash = sha256(doc);
    let versionId = db.prepare('SELECT id FROM design_versions WHERE design_id = ? AND hash = ?').pluck().get(designId, hash) as number | undefined;
    if (versionId === undefined) {
      const version = db.prepare('SELECT coalesce(max(version), 0) + 1 FROM design_versions WHERE design_id = ?').pluck().get(designId) as number;
      versionId = Number(db.prepare('INSERT INTO design_versions (design_id, version, hash, doc, created_at) VALUES (?, ?, ?, ?, ?)').run(designId, version, hash, doc, now.toISOString()).lastInsertRowid);
    }
    db.prepare('UPDATE runs SET design = ?, design_version_id = ? WHERE id = ?').run(doc, versionId, id);
  }
  insertSteps(db, id, stepColumnsOf(run.steps));
  insertReports(db, id, run.reports);
  const insertIntervention = db.prepare('INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES (?, ?, ?, ?, ?)');
  run.interventions.forEach((intervention, i) => insertIntervention.run(id, i + 1, intervention.step, JSON.stringify(intervention.changes), JSON.stringify(intervention.previous)));
  const insertTag = db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
  for (const tag of run.tags) insertTag.run(id, tag);
}

function pair(loss: number | null, accuracy: number | null) {
  return loss === null && accuracy === null ? null : { loss, accuracy };
}

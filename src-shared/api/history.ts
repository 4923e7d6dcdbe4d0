/**
 * The history domain: every run kept in the experiment database, browsed (a sorted, filtered page
 * at a time, so 10,000 runs stay fast), read in full, compared, annotated, exported and imported,
 * deleted with a few seconds to undo, restored into the editor and continued from its final
 * weights. Live runs are also in history; only ended runs can be deleted.
 */
import { exportFormats } from '../export/formats';
import { z } from 'zod';
import { command, emptyRequest, isoDate } from './define';
import { JsonObject } from './designs';
import { Diagnosis } from './training';
import { RunId, RunState, RunSummary } from './training-runs';
import { AdjustmentChanges, backendKinds, RunSettings } from './training-settings';

const count = z.number().int().min(0);
const nullableNumber = z.number().nullable();

/** Columns the run table sorts by. */
export const historySortKeys = ['createdAt', 'label', 'status', 'dataset', 'optimizer', 'epochs', 'trainLoss', 'trainAccuracy', 'devLoss', 'devAccuracy', 'durationMs'] as const;
export const HistorySortKey = z.enum(historySortKeys);
export type HistorySortKey = z.infer<typeof HistorySortKey>;

export const HistorySort = z.object({ key: HistorySortKey, direction: z.enum(['asc', 'desc']) }).strict();
export type HistorySort = z.infer<typeof HistorySort>;

/** A tag: a short label, no surrounding spaces. */
export const RunTag = z.string().trim().min(1, 'a tag cannot be empty').max(40, 'a tag has at most 40 characters');
export const maxTagsPerRun = 20;
export const maxNotesChars = 10_000;

/** A run's latest loss and accuracy on one set (accuracy null for regression). */
export const MetricPair = z.object({ loss: nullableNumber, accuracy: nullableNumber }).strict();
export type MetricPair = z.infer<typeof MetricPair>;

/** One row of the run table. */
export const HistoryRow = z
  .object({
    runId: RunId,
    label: z.string(),
    status: RunState,
    dataset: z.string(),
    /** The optimizer's kind ("adam", "momentum", ...). */
    optimizer: z.string(),
    createdAt: isoDate,
    /** Epochs whose end-of-epoch metrics are recorded (not the epochs planned). */
    epochs: count,
    plannedEpochs: count,
    train: MetricPair.nullable(),
    dev: MetricPair.nullable(),
    /** null until the run ended (and for an interrupted run). */
    durationMs: count.nullable(),
    tags: z.array(z.string()),
    /** The run this one continued from (its final weights were the start), or null. */
    continuedFrom: RunId.nullable(),
  })
  .strict();
export type HistoryRow = z.infer<typeof HistoryRow>;

export const HistoryQuery = z
  .object({
    status: RunState.optional(),
    dataset: z.string().max(300).optional(),
    optimizer: z.string().max(40).optional(),
    tag: z.string().max(40).optional(),
    /** Matched anywhere in the run's id, label, data set or notes (case-insensitive for ASCII). */
    text: z.string().max(200).optional(),
    sort: HistorySort.default({ key: 'createdAt', direction: 'desc' }),
    offset: count.default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type HistoryQuery = z.output<typeof HistoryQuery>;

/** The metrics recorded at one epoch's end: the last mini-batch's loss and its EWA, then the full train and dev sets. */
export const EpochMetrics = z
  .object({
    epoch: count,
    step: count,
    loss: nullableNumber,
    smoothedLoss: nullableNumber,
    learningRate: z.number().min(0),
    trainLoss: nullableNumber,
    trainAccuracy: nullableNumber,
    devLoss: nullableNumber,
    devAccuracy: nullableNumber,
  })
  .strict();
export type EpochMetrics = z.infer<typeof EpochMetrics>;

/** A change made while the run trained, with the values it replaced (where known). */
export const RecordedIntervention = z
  .object({
    step: count,
    changes: AdjustmentChanges,
    previous: z.record(z.string(), z.unknown()),
  })
  .strict();
export type RecordedIntervention = z.infer<typeof RecordedIntervention>;

/** One run in full: what the run's detail shows. Its per-step curves come from training:get. */
export const HistoryRunDetail = z
  .object({
    row: HistoryRow,
    settings: RunSettings,
    /** The design's name and version in history (null when the run kept no design, e.g. a CLI --layers run). */
    design: z.object({ name: z.string(), version: count }).strict().nullable(),
    parameters: count,
    startedAt: isoDate.nullable(),
    endedAt: isoDate.nullable(),
    /** The engine that took its steps; null for a run that never started and for runs recorded before engines were kept. */
    backend: z.enum(backendKinds).nullable(),
    test: MetricPair.nullable(),
    diagnosis: Diagnosis.nullable(),
    error: z.string().nullable(),
    notes: z.string(),
    /** Runs that continued from this one, oldest first. */
    continuations: z.array(RunId),
    interventions: z.array(RecordedIntervention),
    metrics: z.array(EpochMetrics),
    /** Whether its final weights are kept (what Continue starts from). */
    hasModel: z.boolean(),
    /** Checkpoints taken while it trained, oldest first. */
    checkpoints: z.array(z.object({ epoch: count, step: count }).strict()),
    dataFingerprint: z.string(),
  })
  .strict();
export type HistoryRunDetail = z.infer<typeof HistoryRunDetail>;

/** A setting that is not the same in every compared run, with each run's value as text (same order as the runs). */
export const SettingDifference = z.object({ setting: z.string(), values: z.array(z.string()) }).strict();
export type SettingDifference = z.infer<typeof SettingDifference>;

export const ComparedRun = z
  .object({
    runId: RunId,
    label: z.string(),
    status: RunState,
    final: z.object({ train: MetricPair.nullable(), dev: MetricPair.nullable() }).strict(),
    metrics: z.array(EpochMetrics),
  })
  .strict();
export type ComparedRun = z.infer<typeof ComparedRun>;

const runIds = (min: number, max: number) =>
  z
    .array(RunId)
    .min(min)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'each run may be named once' });

/** Text of an import: an exported history file (deepwire-runs). Below the web host's message limit. */
export const maxImportChars = 7_000_000;

export const historyCommands = {
  /** A page of runs, filtered and sorted; `total` counts every run that matches. */
  'history:list': command(HistoryQuery, z.object({ runs: z.array(HistoryRow), total: count }).strict()),
  /** The values the filters can take: the data sets, optimizers and tags there are. */
  'history:facets': command(emptyRequest, z.object({ datasets: z.array(z.string()), optimizers: z.array(z.string()), tags: z.array(z.string()) }).strict()),
  'history:get': command(z.object({ runId: RunId }).strict(), HistoryRunDetail),
  /** Notes and tags are what a person edits; the rest of a run is what happened. */
  'history:update': command(
    z
      .object({
        runId: RunId,
        notes: z.string().max(maxNotesChars).optional(),
        tags: z
          .array(RunTag)
          .max(maxTagsPerRun)
          .optional(),
      })
      .strict(),
    HistoryRunDetail,
  ),
  /** 2 to 8 runs: their per-epoch curves and only the settings that differ. */
  'history:compare': command(z.object({ runIds: runIds(2, 8) }).strict(), z.object({ runs: z.array(ComparedRun), differences: z.array(SettingDifference) }).strict()),
  /** Hides ended runs at once and removes them for good after `undoUntil` unless history:undoDelete brings them back; live runs are refused. */
  'history:delete': command(z.object({ runIds: runIds(1, 1000) }).strict(), z.object({ deleted: z.array(RunId), undoUntil: isoDate }).strict()),
  'history:undoDelete': command(z.object({ runIds: runIds(1, 1000) }).strict(), z.object({ restored: z.array(RunId) }).strict()),
  /** The runs as one deepwire-runs JSON document, to save as a file. */
  'history:export': command(z.object({ runIds: runIds(1, 1000) }).strict(), z.object({ fileName: z.string(), json: z.string() }).strict()),
  /** Validated whole before anything is written: a broken or hostile file changes nothing. Runs already present are skipped. */
  'history:import': command(
    z.object({ json: z.string().max(maxImportChars, 'the file is too big to import here (at most 7 MB); import it with `deepwire history --import FILE`') }).strict(),
    z.object({ imported: z.array(RunId), skipped: z.array(z.object({ runId: z.string(), reason: z.string() }).strict()) }).strict(),
  ),
  /** Per-epoch metrics as CSV text (one header row). */
  /**
   * A run's trained model in a format another tool reads (ONNX, a PyTorch or Keras script): its files,
   * base64, each with a name to save it under (a script's sidecar is the model document it loads).
   */
  'history:exportModel': command(
    z.object({ runId: RunId, format: z.enum(exportFormats) }).strict(),
    z.object({ files: z.array(z.object({ fileName: z.string().max(200), mediaType: z.string().max(100), base64: z.string() }).strict()).min(1).max(2) }).strict(),
  ),
  'history:metricsCsv': command(z.object({ runId: RunId }).strict(), z.object({ fileName: z.string(), csv: z.string() }).strict()),
  /** The design and settings a run trained, for the editor (a CSV pasted as text comes back with its text). */
  'history:restore': command(z.object({ runId: RunId }).strict(), z.object({ name: z.string(), design: JsonObject, settings: RunSettings }).strict()),
  /** Trains further from the run's final weights: a new run (continuedFrom = runId), with the same settings for `epochs` more epochs (default: as many as it had). */
  'history:continue': command(z.object({ runId: RunId, epochs: z.number().int().min(1).max(100_000).optional() }).strict(), RunSummary),
} as const;

export const historyEvents = {
  /** Runs were deleted, brought back, imported or annotated: a History view re-reads its page. */
  'history:changed': z.object({ runIds: z.array(RunId) }).strict(),
} as const;

/**
 * What travels over a search's Redis queue between its coordinator (the app, the web host or
 * `deepwire sweep`: the QueueTrialExecutor) and `deepwire worker` processes: BullMQ jobs of one
 * trial each, their progress and their result, the datasets (once each, by fingerprint) and the
 * workers' presence. Every job carries `schemaVersion`; a worker refuses a job of another version
 * (an UnrecoverableError naming both versions) rather than train it wrongly. Names and keys live
 * here so both ends agree.
 */
import { z } from 'zod';
import { MetricPair, QueueWorker, RunSettings, RunState } from '@shared/api';
import { ModelDocument } from '@shared/engine/model-document';
import { ReceivedEpochs, ReceivedReports, WireReports } from './report-wire';

/**
 * Bumped whenever a job, its progress or its result changes shape or meaning (2: a result's
 * reports as columns; 3: progress and result carry reports as float64 records, report-wire.ts).
 */
export const queueSchemaVersion = 3;

/** Every key Deepwire writes in Redis starts with this (BullMQ's prefix too), so a shared Redis stays tidy. */
export const keyPrefix = 'deepwire';

/** The BullMQ queue of one search (its trials), e.g. "search-3" → "deepwire-search-3" (the coordinator's id is made unique with its database's id). */
export function queueName(coordinatorId: string, searchId: string): string {
  return `${coordinatorId}-${searchId}`;
}

/** A Redis set of the queue names that have trials to train: workers poll it to find work. */
export const activeQueuesKey = `${keyPrefix}:queues`;

/** Published to when a queue joins activeQueuesKey, so idle workers look at once instead of at their next poll. */
export const queuesChangedChannel = `${keyPrefix}:queues-changed`;

/** A worker's presence: a hash of QueueWorker fields, expiring unless refreshed (workerTtlSeconds). */
export const workerKey = (name: string) => `${keyPrefix}:worker:${name}`;
export const workerTtlSeconds = 15;

/** A dataset's rows (or recipe), by fingerprint: written once by the coordinator, read and cached by workers. */
export const datasetKey = (fingerprint: string) => `${keyPrefix}:dataset:${fingerprint}`;

/** Set by the coordinator to stop one trial between steps (halving's losers, "stop trial", a stopped search); its value is the reason. */
export const stopKey = (jobId: string) => `${keyPrefix}:stop:${jobId}`;

/** One trial as a job. Its BullMQ job id is `key`, so submitting it again (a coordinator that restarted) finds the same job. */
export const TrialJobData = z
  .object({
    schemaVersion: z.number().int(),
    /** "<searchId>#<index>", unique within the coordinator. */
    key: z.string().max(200),
    label: z.string().max(200),
    design: z.record(z.string(), z.unknown()),
    settings: RunSettings,
    /** Stop after exactly this many optimizer steps (the search's budget), or null. */
    stepLimit: z.number().int().min(1).nullable(),
    /** The fingerprint of the data (datasetKey): the worker trains only on data whose fingerprint matches. */
    datasetFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type TrialJobData = z.infer<typeof TrialJobData>;

/**
 * What job.updateProgress carries, at most a few times a second: every epoch report since the last
 * message (halving needs each rung's dev metric; the coordinator's live curves the rest).
 */
export const TrialProgress = z
  .object({
    worker: z.string().max(200),
    /** Which try this is (1, then 2 and 3 after a stalled or failed one): a new try starts its epochs again. */
    attempt: z.number().int().min(1),
    reports: WireReports,
  })
  .strict();
export type TrialProgress = z.infer<typeof TrialProgress>;

/** A progress message as the coordinator reads it: checked, its epoch reports' metrics read. */
export const ReceivedProgress = TrialProgress.extend({ reports: ReceivedEpochs });
export type ReceivedProgress = z.output<typeof ReceivedProgress>;

/**
 * The job's return value as it travels (and as BullMQ keeps it): how the run ended, its epoch
 * reports as records (report-wire.ts; for the coordinator's history) and its trained model.
 */
export const WireTrialResult = z
  .object({
    schemaVersion: z.number().int(),
    worker: z.string().max(200),
    state: RunState,
    steps: z.number().int().min(0),
    epochs: z.number().int().min(0),
    train: MetricPair.nullable(),
    dev: MetricPair.nullable(),
    test: MetricPair.nullable(),
    error: z.string().nullable(),
    hitStepLimit: z.boolean(),
    /** Every epoch report, in order (the run's curves in the coordinator's history). */
    reports: WireReports,
    /** The trained model (null for a diverged run: its weights are not finite). */
    model: ModelDocument.nullable(),
  })
  .strict();
export type WireTrialResult = z.output<typeof WireTrialResult>;

/** The job's return value as the coordinator reads it: checked, its reports decoded. */
export const TrialResult = WireTrialResult.extend({ reports: ReceivedReports });
export type TrialResult = z.output<typeof TrialResult>;

export { QueueWorker };

/**
 * Panda's rollback: what a branch of a run needs to start from the run's checkpoint at an epoch —
 * its recorded design and settings (with the person's changes, for the epochs the run had left),
 * the checkpoint's weights and optimizer state, and the run's steering until then — or a
 * CommandError saying why it cannot. The service stops a run that still trains before this reads it.
 */
import { CommandError, commands, type AdjustmentChanges, type ParsedRequestOf, type RunSettings, type RunSummary } from '@shared/api';
import { scheduleFactor } from '@shared/engine/schedules';
import { adjustmentProblem, definedChanges } from '@shared/training/adjust';
import { storedModelDocument } from '@shared/training/model-snapshot';
import type { Continuation } from './continuation';
import type { RunStore, StoredCheckpoint } from './run-store';

export interface RollbackRequest {
  runId: string;
  epoch: number;
  changes?: AdjustmentChanges | undefined;
}

/** The checkpoints a run has kept, oldest first: where a rollback can go. */
export function checkpointsOf(store: RunStore, runId: string): { checkpoints: { epoch: number; step: number }[] } {
  if (!store.summary(runId)) throw new CommandError('not_found', `There is no run ${runId}; training:list names the runs there are.`);
  return { checkpoints: store.checkpoints(runId).map(({ epoch, step }) => ({ epoch, step })) };
}

/**
 * Refuses, before a run that still trains is stopped for it, a rollback to an epoch it has no
 * checkpoint of and never will: one before its current epoch (stopping keeps a checkpoint of the
 * current epoch only), or any epoch of a run still queued. A mistaken request must not cost the
 * person the run.
 */
export function refuseUnreachableCheckpoint(store: RunStore, { runId, epoch }: RollbackRequest, current: Pick<RunSummary, 'state' | 'epoch'>): void {
  if (current.state === 'queued') throw new CommandError('not_found', `${runId} has no checkpoints yet: it is queued and has not started. It was left in the queue.`);
  const checkpoints = store.checkpoints(runId);
  if (epoch >= current.epoch || checkpoints.some((kept) => kept.epoch === epoch)) return;
  throw new CommandError('not_found', `${runId} has no checkpoint at epoch ${epoch}; ${describeCheckpoints(checkpoints)}. It still trains and was left as it is.`);
}

const branchSuffix = / \(branch from epoch \d+\)$/;

export function branchOf(store: RunStore, { runId, epoch, changes = {} }: RollbackRequest): { input: ParsedRequestOf<'training:start'>; continuation: Continuation } {
  const source = store.summary(runId);
  if (!source) throw new CommandError('not_found', `There is no run ${runId} to roll back; training:list names the runs there are.`);
  const checkpoints = store.checkpoints(runId);
  const checkpoint = checkpoints.find((kept) => kept.epoch === epoch);
  if (!checkpoint) throw new CommandError('not_found', `${runId} has no checkpoint at epoch ${epoch}; ${describeCheckpoints(checkpoints)}.`);
  const design = store.design(runId);
  if (!design) throw new CommandError('not_found', `${runId} cannot be rolled back: it recorded no design; train its network from a design instead.`);
  const { model, optimizerState } = checkpointParts(runId, epoch, checkpoint);

  const optimizer = source.settings.settings.optimizer.kind;
  const wrong = adjustmentProblem(definedChanges(changes), optimizer);
  if (wrong) throw new CommandError('invalid_request', `${runId} cannot be rolled back with these changes: ${wrong}`);
  // The branch goes on as its parent did after the checkpoint: the parent's changes until then, then the person's.
  const startChanges: AdjustmentChanges = { ...inheritedChanges(store, source, checkpoint), ...definedChanges(changes) };
  const epochs = Math.max(1, source.epochs - epoch);
  const settings = withChanges({ ...source.settings, settings: { ...source.settings.settings, epochs } }, startChanges);
  const input = commands['training:start'].request.safeParse({ design: design.doc, name: design.name, settings });
  if (!input.success) {
    throw new CommandError('conflict', `${runId} cannot be rolled back: its recorded design or settings no longer read as a run (${input.error.issues[0]?.message ?? 'invalid'}).`);
  }
  return {
    input: input.data,
    continuation: {
      continuedFrom: runId,
      label: `${source.label.replace(branchSuffix, '')} (branch from epoch ${epoch})`,
      initialWeights: model,
      branch: {
        optimizerState,
        scheduleStartEpoch: scheduleEpochOf(store, source) + epoch,
        changes: Object.keys(startChanges).length > 0 ? startChanges : null,
        branchedAt: { epoch, step: checkpoint.step },
      },
    },
  };
}

function describeCheckpoints(checkpoints: readonly StoredCheckpoint[]): string {
  if (checkpoints.length === 0) return 'it has kept no checkpoints (a run keeps one every few epochs and at its end; one stopped before its first epoch ended has none)';
  const epochs = checkpoints.map((kept) => kept.epoch);
  return `it has checkpoints at epoch${epochs.length === 1 ? '' : 's'} ${epochs.join(', ')}`;
}

function checkpointParts(runId: string, epoch: number, checkpoint: StoredCheckpoint): { model: Continuation['initialWeights']; optimizerState: unknown } {
  const doc = checkpoint.doc as { model?: unknown; optimizerState?: unknown } | null;
  const model = storedModelDocument(doc?.model);
  if (!model.ok) throw new CommandError('conflict', `${runId} cannot be rolled back to epoch ${epoch}: ${model.error.replace('the kept model', 'its checkpoint')}.`);
  if (doc?.optimizerState === undefined || doc.optimizerState === null) {
    throw new CommandError('conflict', `${runId} cannot be rolled back to epoch ${epoch}: its checkpoint kept no optimizer state.`);
  }
  return { model: model.document, optimizerState: doc.optimizerState };
}

/**
 * The parent's interventions up to the checkpoint, folded (the latest value of each setting wins).
 * A rate or schedule change is carried as the rate the parent would use right after the checkpoint,
 * so the branch's first step has the parent's next rate and the schedule goes on from it. A branch
 * starts at the schedule epoch after the checkpoint's epoch, also from a checkpoint a stop kept
 * mid-epoch (the rest of that epoch is not retrained).
 */
function inheritedChanges(store: RunStore, source: RunSummary, checkpoint: StoredCheckpoint): AdjustmentChanges {
  const before = source.interventions.filter(({ step }) => step < checkpoint.step);
  const at = source.interventions.filter(({ step }) => step === checkpoint.step);
  const folded = fold([...before, ...at]);
  delete folded.learningRate;
  if (![...before, ...at].some(({ changes }) => changes.learningRate !== undefined || changes.schedule !== undefined)) return folded;
  // A rate set right after the checkpoint's step is the next step's rate; otherwise the parent's own
  // rate goes on, under the schedule it had while taking that step (a schedule changed just after it
  // keeps the rate continuous).
  const rateAt = fold(at).learningRate;
  const rate = rateAt ?? rateAfterCheckpoint(store, source, checkpoint, fold(before).schedule ?? source.settings.settings.schedule);
  return rate === null ? folded : { ...folded, learningRate: rate };
}

/** Changes in order, folded: the latest value of each setting wins. */
function fold(interventions: readonly { changes: AdjustmentChanges }[]): AdjustmentChanges {
  const folded: AdjustmentChanges = {};
  for (const { changes } of interventions) Object.assign(folded, definedChanges(changes));
  return folded;
}

/**
 * The rate of the parent's step after the checkpoint when it took one; else (the checkpoint was its
 * last) the rate of the checkpoint's step carried on to the branch's first schedule epoch.
 */
function rateAfterCheckpoint(store: RunStore, source: RunSummary, checkpoint: StoredCheckpoint, schedule: RunSettings['settings']['schedule']): number | null {
  const next = store.get(source.runId, checkpoint.step + 1, 1)?.steps[0];
  if (next && next.step === checkpoint.step + 1) return next.learningRate;
  const last = store.get(source.runId, checkpoint.step, 1)?.steps[0];
  if (!last || last.step !== checkpoint.step) return null;
  const epoch = scheduleEpochOf(store, source) + checkpoint.epoch;
  const previous = scheduleFactor(schedule, epoch - 1);
  return previous > 0 ? (last.learningRate * scheduleFactor(schedule, epoch)) / previous : last.learningRate;
}

/** The schedule's epoch at a run's start: 0, or for a branch its parent's plus the epoch it branched at. */
function scheduleEpochOf(store: RunStore, run: RunSummary): number {
  let epoch = 0;
  let current: RunSummary | null = run;
  // Bounded: a chain of branches is as deep as a person made it, and a damaged store must not loop.
  for (let depth = 0; current?.branchedAt && depth < 1000; depth += 1) {
    epoch += current.branchedAt.epoch;
    current = current.continuedFrom ? store.summary(current.continuedFrom) : null;
  }
  return epoch;
}

/** The settings with the changes that are settings (keepProb belongs to the design's dropout layers and applies as an adjustment only). */
function withChanges(settings: RunSettings, changes: AdjustmentChanges): RunSettings {
  const { learningRate, l2, batchSize, schedule, keepProb: _keepProb, ...hyperparameters } = changes;
  const training = settings.settings;
  return {
    ...settings,
    settings: {
      ...training,
      ...(learningRate !== undefined && { learningRate }),
      ...(l2 !== undefined && { l2 }),
      ...(batchSize !== undefined && { batchSize }),
      ...(schedule !== undefined && { schedule }),
      optimizer: { ...training.optimizer, ...definedChanges(hyperparameters) } as RunSettings['settings']['optimizer'],
    },
  };
}

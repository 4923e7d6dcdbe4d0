/**
 * A training run inside its worker: prepares the run from the job (the data sets are main's
 * shared memory), drives it, and posts every step point in batches (at most one batch per
 * `flushEveryMs`, and at every pause and the end), with reports (as float64 records) and throttled visuals. Pause,
 * resume, stop and adjust arrive as messages and land between steps (the driver yields every
 * few milliseconds so they can). A run continued from a kept model loads it before its first
 * step; a branch (rollback) also restores its checkpoint's optimizer state. A step limit ends the
 * run after exactly that many steps. Checkpoints go out every few epochs and at the end; the
 * trained model just before 'ended'.
 */
import type { MessagePort } from 'node:worker_threads';
import type { AppliedAdjustment, RunVisuals, TrainingProgress } from '@shared/api';
import { importInitialWeights, initialWeightsProblem } from '@shared/training/initial-weights';
import { evaluate } from '@shared/training/metrics';
import { checkpointDocument, finalModelDocument } from '@shared/training/model-snapshot';
import { prepareRun, type PreparedRun } from '@shared/training/prepare-run';
import type { TrainingRun } from '@shared/training/run';
import { targetsFor } from '@shared/training/targets';
import { driveTraining } from '@shared/training/train';
import { ReportBatchBuilder, type ReportBatch } from '@shared/training/report-records';
import { StepColumnsBuilder, type StepColumns } from '@shared/training/step-columns';
import { computeVisuals } from '@shared/training/visuals';
import { CheckpointSchedule } from './checkpoint-schedule';
import type { BranchStart, FromWorker, ToWorker, TrainJob, WorkerHooks } from './protocol';

export async function runTrainJob(job: TrainJob, port: MessagePort): Promise<void> {
  const post = (message: FromWorker) => port.postMessage(message);
  // The steps' and reports' buffers are handed over, not copied (each is the batch's own: the builders start new ones).
  const batch = new PointBatch(job.flushEveryMs, (steps, reports, visuals, interventions) =>
    port.postMessage({ type: 'progress', steps, reports, visuals, interventions } satisfies FromWorker, [steps?.values.buffer, reports?.values.buffer].filter((buffer) => buffer !== undefined) as ArrayBuffer[]),
  );
  let prepared: PreparedRun | null = null;
  let schedule: CheckpointSchedule | null = null;
  let lastVisuals = Number.NEGATIVE_INFINITY;
  const visualsNow = (step: number, epoch: number) => {
    lastVisuals = Date.now();
    const { trainer, spec, normalizer, train, dev } = prepared!;
    return computeVisuals({ trainer, spec, normalizer, train, dev, classNames: train.classNames ?? null, step, epoch });
  };

  const setup = prepareRun(job.request, job.loaded, {
    run: {
      stepLimit: job.stepLimit,
      scheduleStartEpoch: job.branch?.scheduleStartEpoch ?? 0,
      onStep: (step, epoch, loss, learningRate) => {
        misbehave(job.hooks, step);
        schedule!.noteStep(epoch);
        // A change recorded by the run at this step (a batch size waits for its epoch) goes out with it.
        batch.addInterventions(prepared!.run.interventions);
        if (!job.epochsOnly) batch.addStep(step, epoch, loss, learningRate);
      },
    },
  });
  if (!setup.ok) {
    post({ type: 'setup-failed', message: `${setup.field}: ${setup.message}` });
    return;
  }
  prepared = setup.run;
  if (job.initialWeights) {
    const problem = initialWeightsProblem(prepared, job.initialWeights);
    if (problem) {
      prepared.trainer.dispose();
      post({ type: 'setup-failed', message: `model: ${problem}` });
      return;
    }
    importInitialWeights(prepared, job.initialWeights);
  }
  const branchProblem = job.branch && startBranch(prepared, job.branch);
  if (branchProblem) {
    prepared.trainer.dispose();
    post({ type: 'setup-failed', message: branchProblem });
    return;
  }
  const run = prepared.run;
  schedule = new CheckpointSchedule(run.config.epochs);
  const postCheckpoint = (epoch: number, step: number) => {
    const checkpoint = checkpointDocument(prepared!, epoch);
    if (!checkpoint) return;
    // The points up to this step reach main before their checkpoint.
    batch.flush();
    post({ type: 'checkpoint', epoch, step, checkpoint });
    schedule!.posted(step);
  };
  post({ type: 'started', totalSteps: run.totalSteps, stepsPerEpoch: run.stepsPerEpoch, backend: prepared.trainer.backend });
  if (job.hooks.exhaustMemory) exhaustMemory();

  const pausing = new PauseReasons(run);
  const onMessage = (message: ToWorker) => handleCommand(message, run, pausing, batch, post);
  port.on('message', onMessage);
  try {
    const result = await driveTraining(run, {
      onProgress: (report) => {
        // Pictures at most every visualsEveryMs, checked at epoch ends and step reports.
        const visuals = !job.epochsOnly && Date.now() - lastVisuals >= job.visualsEveryMs ? visualsNow(report.step, report.epoch) : null;
        batch.addReport(report, visuals);
        if (report.kind === 'epoch' && !job.epochsOnly && schedule!.dueAtEpochEnd(report.epoch)) postCheckpoint(report.epoch, report.step);
        if (job.holdEachEpoch && report.kind === 'epoch' && run.status === 'running') {
          // The babysitter sees this epoch before the next step: its report goes out now.
          pausing.hold();
          batch.flush();
        }
      },
    });
    const { test, spec, trainer } = prepared;
    const testMetrics = test && test.rows > 0 ? evaluate(trainer, spec, test, targetsFor(spec, test)) : null;
    if (!job.epochsOnly) batch.setVisuals(visualsNow(result.steps, result.epochs));
    batch.flush();
    // A diverged run's weights are not finite numbers: neither a last checkpoint nor a model is kept.
    if (result.status !== 'diverged') {
      const finalEpoch = job.epochsOnly ? null : schedule.finalEpoch(result.steps, result.status === 'early-stopped');
      if (finalEpoch !== null) postCheckpoint(finalEpoch, result.steps);
      const model = finalModelDocument(prepared, result);
      if (model) post({ type: 'model', model });
    }
    post({ type: 'ended', result, test: testMetrics, hitStepLimit: run.hitStepLimit });
  } finally {
    port.off('message', onMessage);
    prepared.trainer.dispose();
  }
}

/**
 * A branch resumes its parent's optimizer (moments, step count, the β's then in force) and then
 * takes its changes as one adjustment before the first step, so they land on top of the restored
 * state exactly as a change mid-run would. Returns why it cannot, or null.
 */
function startBranch(prepared: PreparedRun, branch: BranchStart): string | null {
  try {
    prepared.trainer.restoreOptimizerState(branch.optimizerState);
  } catch (error) {
    return `optimizer: the checkpoint's optimizer state cannot be restored (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!branch.changes) return null;
  const applied = prepared.run.adjust(branch.changes);
  return applied.ok ? null : `changes: ${applied.message}`;
}

/**
 * A run waits while a person paused it or while it is held after an epoch for its babysitter;
 * it goes on only when neither holds, so a release never resumes a run a person paused.
 */
class PauseReasons {
  private byPerson = false;
  private held = false;

  constructor(private readonly run: TrainingRun) {}

  pause(): void {
    this.byPerson = true;
    this.run.pause();
  }

  hold(): void {
    this.held = true;
    this.run.pause();
  }

  resume(): void {
    this.byPerson = false;
    if (!this.held) this.run.resume();
  }

  release(): void {
    this.held = false;
    if (!this.byPerson) this.run.resume();
  }
}

function handleCommand(message: ToWorker, run: TrainingRun, pausing: PauseReasons, batch: PointBatch, post: (message: FromWorker) => void): void {
  switch (message.type) {
    case 'pause':
      pausing.pause();
      // A paused chart shows every step taken so far.
      batch.flush();
      return;
    case 'resume':
      pausing.resume();
      return;
    case 'release':
      pausing.release();
      return;
    case 'stop':
      run.stop();
      return;
    case 'adjust': {
      const outcome = run.adjust(message.changes);
      if (!outcome.ok) post({ type: 'adjusted', id: message.id, ok: false, message: outcome.message });
      else {
        // The run's own record (with the step it took effect) reaches main before the acknowledgement.
        batch.addInterventions(run.interventions);
        batch.flush();
        post({ type: 'adjusted', id: message.id, ok: true });
      }
      return;
    }
  }
}

/** Collects what the worker has to say and posts it at most once per interval (or when flushed). */
class PointBatch {
  private readonly steps = new StepColumnsBuilder();
  private readonly reports = new ReportBatchBuilder();
  private visuals: RunVisuals | null = null;
  private interventions: AppliedAdjustment[] = [];
  /** How many of the run's interventions have been handed over. */
  private interventionsTaken = 0;
  private lastFlush = Date.now();

  constructor(
    private readonly everyMs: number,
    private readonly send: (steps: StepColumns | null, reports: ReportBatch | null, visuals: RunVisuals | null, interventions: AppliedAdjustment[]) => void,
  ) {}

  /** Takes the interventions the run recorded since the last call (it only ever appends). */
  addInterventions(recorded: readonly AppliedAdjustment[]): void {
    if (recorded.length === this.interventionsTaken) return;
    this.interventions.push(...recorded.slice(this.interventionsTaken));
    this.interventionsTaken = recorded.length;
  }

  addStep(step: number, epoch: number, loss: number | null, learningRate: number): void {
    this.steps.addStep(step, epoch, loss, learningRate);
    this.flushIfDue();
  }

  addReport(report: TrainingProgress, visuals: RunVisuals | null): void {
    // A batch's reports share their tensors (one run's always do): one of others goes in the next.
    if (!this.reports.fits(report)) this.flush();
    this.reports.add(report);
    if (visuals) this.visuals = visuals;
    this.flushIfDue();
  }

  setVisuals(visuals: RunVisuals): void {
    this.visuals = visuals;
  }

  flush(): void {
    this.lastFlush = Date.now();
    if (this.steps.size === 0 && this.reports.size === 0 && this.visuals === null && this.interventions.length === 0) return;
    this.send(this.steps.take(), this.reports.take(), this.visuals, this.interventions);
    this.visuals = null;
    this.interventions = [];
  }

  private flushIfDue(): void {
    if (Date.now() - this.lastFlush >= this.everyMs) this.flush();
  }
}

function misbehave(hooks: WorkerHooks, step: number): void {
  if (hooks.throwAtStep === step) throw new Error(`the test hook threw at step ${step}`);
  if (hooks.hangAtStep === step) {
    // Deaf to every message: only terminate() ends this.
    for (;;);
  }
}

function exhaustMemory(): void {
  const hoard: number[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + hoard.length));
}

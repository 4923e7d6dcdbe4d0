/**
 * A training run as an object a driver steps: one mini-batch per `step()`, so pause, resume,
 * adjust and stop naturally land between steps. `train()` (train.ts) drives one to the end; a
 * worker can drive it the same way while answering messages.
 *
 * Per epoch: a fresh batch order from the run's RNG, then ⌈n / batch⌉ optimizer steps at the
 * epoch's learning rate (the schedule, rescaled by manual changes). Reports come every
 * `reportEverySteps` steps (on a sample of `evaluationRows` rows) and at each epoch's end (full
 * sets). A non-finite loss or weight ends the run as 'diverged'; early stopping watches the dev
 * loss and restores the best weights.
 */
import { createMiniBatches, gatherRows, type BatchSize, type MiniBatches } from '../engine/batches';
import { ExponentialAverage } from '../engine/ewa';
import type { Rng } from '../engine/rng';
import { LearningRateController } from '../engine/schedules';
import type { Trainer } from '../engine/trainer';
import type { Dataset } from '../data/dataset';
import { adjustmentProblem, definedChanges, TrainingAdjustment, type AdjustmentChanges } from './adjust';
import { TrainingConfig, type TrainingConfigInput } from './config';
import { diagnose } from './diagnosis';
import { divergenceHint } from './divergence';
import { EarlyStopping } from './early-stopping';
import { evaluate, type Metrics } from './metrics';
import type { StepPoint } from '../api/training-runs';
import type { AppliedAdjustment, FinalStatus, LastFiniteMetrics, LayerNorms, TrainingProgress, TrainingResult, TrainingStatus } from './progress';
import { runStreams } from './seeds';
import { describeShapeMismatch, outputUnits, targetsFor } from './targets';

/** Told every optimizer step: a StepPoint's fields (see TrainingRunOptions.onStep). */
export type StepListener = (step: StepPoint['step'], epoch: StepPoint['epoch'], loss: StepPoint['loss'], learningRate: StepPoint['learningRate']) => void;

/** One mini-batch's inputs and targets, `rows` rows of them. */
interface Batch {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

/** A batch size's buffers, and the last batch of an epoch as views of their first rows (the buffers themselves when it is full). */
interface BatchBuffers {
  full: Batch;
  last: Batch;
}

/** What step() returns when a step made no report (most do): one array, not a new one a step. */
const noReports: readonly TrainingProgress[] = Object.freeze([]);

export interface TrainingData {
  train: Dataset;
  dev?: Dataset | null;
}

export interface TrainingRunOptions {
  /** The backend that takes the steps, built for the same spec and config (see createTrainer). */
  trainer: Trainer;
  /** Batch order; default: the `batches` stream of runStreams(config.seed). */
  rng?: Rng;
  /** Also report every n optimizer steps (0 or omitted: epoch ends only). */
  reportEverySteps?: number;
  /** Rows of train and dev measured for step reports (epoch reports measure all). Default 1000. */
  evaluationRows?: number;
  /** β of the loss's exponentially weighted average. Default 0.9. */
  smoothing?: number;
  /**
   * Called after every optimizer step, the diverging one included (its loss then null): what the
   * loss chart plots. A StepPoint's fields as arguments, not an object: it runs every step, and an
   * object a step was garbage the collector took back from the cores that train.
   */
  onStep?: StepListener;
  /**
   * End the run ('stopped') after exactly this many optimizer steps, unless it ends sooner: a search
   * trial's share of a compute budget. The step that reaches it still makes its reports.
   */
  stepLimit?: number | null;
  /**
   * The schedule's epoch at this run's first epoch (default 0): a branch from a checkpoint after
   * epoch e passes e, so a decaying rate goes on from where its parent was instead of restarting.
   */
  scheduleStartEpoch?: number;
}

/** A setup that cannot train: the message says what to change. */
export class TrainingSetupError extends Error {
  override readonly name = 'TrainingSetupError';
}

export class TrainingRun {
  readonly config: TrainingConfig;
  readonly trainer: Trainer;
  private readonly train: Dataset;
  private readonly dev: Dataset | null;
  private readonly trainTargets: Float32Array;
  private readonly devTargets: Float32Array | null;
  private readonly units: number;
  private readonly batchRng: Rng;
  private batches: MiniBatches;
  private batchBuffers: BatchBuffers;
  /** A batch size asked for mid-epoch: it takes effect when the next epoch starts. */
  private pendingBatchSize: BatchSize | null = null;
  /** Steps taken before the current epoch started. */
  private stepsBeforeEpoch = 0;
  private readonly rates: LearningRateController;
  private readonly smoothedLoss: ExponentialAverage;
  private readonly reportEverySteps: number;
  private readonly evaluationRows: number;
  private readonly onStep: StepListener | null;
  private readonly stepLimit: number | null;
  private readonly scheduleStartEpoch: number;
  private stoppedAtLimit = false;

  private state: TrainingStatus = 'running';
  private epochsDone = 0;
  private batchInEpoch = 0;
  private stepsDone = 0;
  private lastLoss: number | null = null;
  private lastRate: number;
  private hint: string | null = null;
  /** The last epoch report with a finite training loss: what a diverged run still reports. */
  private lastFinite: LastFiniteMetrics | null = null;
  private readonly earlyStopping: EarlyStopping | null;
  private readonly adjustments: AppliedAdjustment[] = [];
  private finalResult: TrainingResult | null = null;
  private waiters: (() => void)[] = [];

  constructor(config: TrainingConfigInput, data: TrainingData, options: TrainingRunOptions) {
    this.config = TrainingConfig.parse(config);
    this.trainer = options.trainer;
    this.train = data.train;
    this.dev = data.dev && data.dev.rows > 0 ? data.dev : null;
    const spec = this.trainer.spec;
    for (const [name, part] of [['training', this.train], ['dev', this.dev]] as const) {
      const mismatch = part && describeShapeMismatch(spec, part);
      if (mismatch) throw new TrainingSetupError(`The model does not fit the ${name} data: ${mismatch}`);
    }
    if (this.train.rows < 1) throw new TrainingSetupError('The training set is empty.');
    if (this.config.earlyStopping && !this.dev) throw new TrainingSetupError('Early stopping watches the dev loss, but there is no dev set; give the split a dev fraction or drop early stopping.');

    this.earlyStopping = this.config.earlyStopping ? new EarlyStopping(this.config.earlyStopping) : null;
    this.units = outputUnits(spec);
    this.trainTargets = targetsFor(spec, this.train);
    this.devTargets = this.dev ? targetsFor(spec, this.dev) : null;
    this.batchRng = options.rng ?? runStreams(this.config.seed).batches;
    this.batches = createMiniBatches(this.train.rows, this.config.batchSize, this.batchRng);
    this.batchBuffers = this.allocateBatch();
    this.rates = new LearningRateController(this.config.schedule, this.config.learningRate);
    this.scheduleStartEpoch = Math.max(0, Math.floor(options.scheduleStartEpoch ?? 0));
    this.stepLimit = options.stepLimit != null ? Math.max(1, Math.floor(options.stepLimit)) : null;
    this.lastRate = this.rates.rateAt(this.scheduleEpoch);
    this.smoothedLoss = new ExponentialAverage(options.smoothing ?? 0.9);
    this.reportEverySteps = Math.max(0, Math.floor(options.reportEverySteps ?? 0));
    this.evaluationRows = Math.max(1, Math.floor(options.evaluationRows ?? 1000));
    this.onStep = options.onStep ?? null;
  }

  get status(): TrainingStatus {
    return this.state;
  }

  get finished(): boolean {
    return this.finalResult !== null;
  }

  get stepsPerEpoch(): number {
    return this.batches.batchesPerEpoch;
  }

  /** Steps of the whole run at the current (and any pending) batch size. */
  get totalSteps(): number {
    const started = this.batchInEpoch > 0;
    const nextPerEpoch = this.pendingBatchSize === null ? this.batches.batchesPerEpoch : Math.ceil(this.train.rows / this.resolveBatchSize(this.pendingBatchSize));
    const epochsLeft = this.config.epochs - this.epochsDone - (started ? 1 : 0);
    const done = started ? this.stepsBeforeEpoch + this.batches.batchesPerEpoch : this.stepsDone;
    const planned = done + Math.max(0, epochsLeft) * nextPerEpoch;
    return this.stepLimit === null ? planned : Math.min(planned, this.stepLimit);
  }

  /** Whether the run ended because it took its whole stepLimit (not stopped by hand, not completed). */
  get hitStepLimit(): boolean {
    return this.stoppedAtLimit;
  }

  /** The epoch the learning-rate schedule is at (0-based): this run's epochs, after scheduleStartEpoch. */
  private get scheduleEpoch(): number {
    return this.scheduleStartEpoch + this.epochsDone;
  }

  /** Every adjustment applied so far, with the step it took effect. */
  get interventions(): readonly AppliedAdjustment[] {
    return this.adjustments;
  }

  get stepsTaken(): number {
    return this.stepsDone;
  }

  /** The rate the next step will use. */
  get learningRate(): number {
    return this.rates.rateAt(this.scheduleEpoch);
  }

  /**
   * One optimizer step on the next mini-batch; returns the reports it produced (none, a step
   * report, an epoch report, or both). Does nothing while paused or once finished.
   */
  step(): readonly TrainingProgress[] {
    if (this.state !== 'running') return noReports;
    if (this.batchInEpoch === 0) this.startEpoch();

    const { x, y, rows } = this.gatherBatch(this.batchInEpoch);
    const rate = this.rates.rateAt(this.scheduleEpoch);
    const loss = this.trainer.step(x, y, rows, rate);
    this.lastRate = rate;
    this.stepsDone += 1;
    this.batchInEpoch += 1;
    this.onStep?.(this.stepsDone, this.epochsDone + 1, Number.isFinite(loss) ? loss : null, rate);

    if (!Number.isFinite(loss)) {
      this.lastLoss = null;
      this.diverge(`the mini-batch loss became ${String(loss)} at step ${this.stepsDone} (epoch ${this.epochsDone + 1})`);
      return noReports;
    }
    this.lastLoss = loss;
    this.smoothedLoss.push(loss);

    let reports: TrainingProgress[] | null = null;
    const epochEnds = this.batchInEpoch === this.batches.batchesPerEpoch;
    if (this.reportEverySteps > 0 && this.stepsDone % this.reportEverySteps === 0 && !epochEnds) {
      const report = this.report('step');
      if (report) reports = [report];
    }
    if (epochEnds) {
      this.batchInEpoch = 0;
      this.epochsDone += 1;
      const report = this.report('epoch');
      if (report) {
        (reports ??= []).push(report);
        if (report.train.loss !== null) this.lastFinite = { epoch: report.epoch, train: report.train, dev: report.dev };
        this.afterEpoch(report);
      }
    }
    if (!this.finalResult && this.stepLimit !== null && this.stepsDone >= this.stepLimit) {
      this.stoppedAtLimit = true;
      this.finish('stopped');
    }
    return reports ?? noReports;
  }

  pause(): void {
    if (this.state === 'running') this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.wake();
  }

  /** Ends the run at once (status 'stopped'), keeping the current weights. */
  stop(): TrainingResult {
    if (!this.finalResult) this.finish('stopped');
    return this.finalResult!;
  }

  /** Resolves when the run is running again or has finished. */
  whenResumed(): Promise<void> {
    if (this.state !== 'paused') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Applies changes between steps: β's, ε, L2 λ and the keep probability from the next step; the
   * learning rate and the decay from the next step too (a new rate rescales the schedule's base,
   * a new schedule continues from the current rate: LearningRateController); the batch size when
   * the next epoch starts. Each change is recorded with the step it took effect (interventions).
   * Nothing is applied when any change does not fit the run.
   */
  adjust(input: unknown): { ok: true } | { ok: false; message: string } {
    if (this.finalResult) return { ok: false, message: 'The run has ended; there is nothing to adjust.' };
    const parsed = TrainingAdjustment.safeParse(input);
    if (!parsed.success) return { ok: false, message: `Invalid adjustment: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'adjustment'}: ${i.message}`).join('; ')}.` };
    const changes = definedChanges(parsed.data);
    const problem = adjustmentProblem(changes, { optimizer: this.config.optimizer.kind, spec: this.trainer.spec });
    if (problem) return { ok: false, message: problem };
    const { learningRate, schedule, l2, keepProb, batchSize, ...hyper } = changes;
    try {
      if (Object.keys(hyper).length > 0) this.trainer.setHyperparameters(hyper);
      if (l2 !== undefined) this.trainer.setL2(l2);
      if (keepProb !== undefined) this.trainer.setKeepProb(keepProb);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    // The schedule first, so a rate given with it is the rate at this epoch under the new schedule.
    if (schedule !== undefined) this.rates.setSchedule(this.scheduleEpoch, schedule);
    if (learningRate !== undefined) this.rates.setRate(this.scheduleEpoch, learningRate);
    const now: AdjustmentChanges = { ...changes };
    if (batchSize !== undefined) {
      this.pendingBatchSize = batchSize;
      // Mid-epoch, the batches of this epoch stay as they are; the change is recorded when it applies.
      if (this.batchInEpoch > 0) delete now.batchSize;
      else this.applyPendingBatchSize(false);
    }
    if (Object.keys(now).length > 0) this.adjustments.push({ step: this.stepsDone, changes: now });
    return { ok: true };
  }

  /** The outcome; null until the run has finished. */
  result(): TrainingResult | null {
    return this.finalResult;
  }

  /** A new epoch: the batch size asked for during the last one, then a fresh order. */
  private startEpoch(): void {
    this.applyPendingBatchSize(true);
    this.stepsBeforeEpoch = this.stepsDone;
    this.batches.nextEpoch();
  }

  /** Re-chunks the mini-batches (same order stream) at the pending size; `record`: as its own intervention. */
  private applyPendingBatchSize(record: boolean): void {
    const size = this.pendingBatchSize;
    if (size === null) return;
    this.pendingBatchSize = null;
    if (record) this.adjustments.push({ step: this.stepsDone, changes: { batchSize: size } });
    if (this.resolveBatchSize(size) === this.batches.batchSize) return;
    this.batches = createMiniBatches(this.train.rows, size, this.batchRng);
    this.batchBuffers = this.allocateBatch();
  }

  private resolveBatchSize(size: BatchSize): number {
    return size === 'full' ? this.train.rows : Math.min(size, this.train.rows);
  }

  /**
   * Batch buffers are allocated per batch size; the last batch of an epoch, which may be partial,
   * uses views of their first rows — made here once, not a pair of views (and a result object) a step.
   */
  private allocateBatch(): BatchBuffers {
    const { batchSize, batchesPerEpoch } = this.batches;
    const full = { x: new Float32Array(batchSize * this.train.features), y: new Float32Array(batchSize * this.units), rows: batchSize };
    const lastRows = this.batches.batchEnd(batchesPerEpoch - 1) - this.batches.batchStart(batchesPerEpoch - 1);
    const last = lastRows === batchSize ? full : { x: full.x.subarray(0, lastRows * this.train.features), y: full.y.subarray(0, lastRows * this.units), rows: lastRows };
    return { full, last };
  }

  /** Gathers the batch's rows into the batch buffers; the batch (the buffers, or the last batch's views of them). */
  private gatherBatch(batch: number): Batch {
    const start = this.batches.batchStart(batch);
    const end = this.batches.batchEnd(batch);
    const { full, last } = this.batchBuffers;
    gatherRows(this.train.x, this.train.features, this.batches.order, start, end, full.x);
    gatherRows(this.trainTargets, this.units, this.batches.order, start, end, full.y);
    return end - start === full.rows ? full : last;
  }

  /** Builds a report, or ends the run as diverged when a weight is no longer finite. */
  private report(kind: 'step' | 'epoch'): TrainingProgress | null {
    const norms = this.trainer.norms();
    const broken = norms.find((n) => !Number.isFinite(n.weightNorm));
    if (broken) {
      this.diverge(`the weights of ${broken.name} stopped being finite numbers by step ${this.stepsDone}`);
      return null;
    }
    const sampled = kind === 'step' && (this.train.rows > this.evaluationRows || (this.dev?.rows ?? 0) > this.evaluationRows);
    const limit = kind === 'step' ? this.evaluationRows : Number.POSITIVE_INFINITY;
    return {
      kind,
      epoch: kind === 'epoch' ? this.epochsDone : this.epochsDone + 1,
      step: this.stepsDone,
      stepsPerEpoch: this.batches.batchesPerEpoch,
      loss: this.lastLoss,
      smoothedLoss: finiteOrNull(this.smoothedLoss.value),
      learningRate: this.lastRate,
      train: this.measure(this.train, this.trainTargets, limit),
      dev: this.dev ? this.measure(this.dev, this.devTargets!, limit) : null,
      sampled,
      norms: norms.map((n): LayerNorms => ({ name: n.name, layer: n.layer, gradNorm: finiteOrNull(n.gradNorm), weightNorm: finiteOrNull(n.weightNorm) })),
    };
  }

  private measure(data: Dataset, targets: Float32Array, limit: number): Metrics {
    return evaluate(this.trainer, this.trainer.spec, data, targets, Math.min(limit, data.rows));
  }

  private afterEpoch(report: TrainingProgress): void {
    if (this.earlyStopping && report.dev) {
      const devLoss = report.dev.loss;
      if (devLoss === null) {
        this.diverge(`the dev loss stopped being a finite number after epoch ${this.epochsDone}`);
        return;
      }
      if (this.earlyStopping.observe(this.epochsDone, devLoss, () => this.trainer.exportWeights())) {
        this.trainer.importWeights(this.earlyStopping.bestEpoch!.weights);
        this.finish('early-stopped');
        return;
      }
    }
    if (this.epochsDone >= this.config.epochs) this.finish('completed');
  }

  private diverge(what: string): void {
    this.hint = divergenceHint(what, this.lastRate);
    this.finish('diverged');
  }

  private finish(status: FinalStatus): void {
    this.state = status;
    const spec = this.trainer.spec;
    const train = evaluate(this.trainer, spec, this.train, this.trainTargets);
    const dev = this.dev ? evaluate(this.trainer, spec, this.dev, this.devTargets!) : null;
    this.finalResult = {
      status,
      epochs: this.epochsDone,
      steps: this.stepsDone,
      train,
      dev,
      bestEpoch: status === 'early-stopped' ? this.earlyStopping!.bestEpoch!.epoch : null,
      learningRate: this.lastRate,
      hint: this.hint,
      diagnosis: status === 'diverged' ? null : diagnoseMetrics(train, dev, this.config.targetError),
      adjustments: this.adjustments,
      lastFinite: this.lastFinite,
    };
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Bias/variance from errors (1 − accuracy), or from losses when the output has no accuracy. */
export function diagnoseMetrics(train: Metrics, dev: Metrics | null, targetError = 0) {
  if (train.accuracy !== null) {
    const devError = dev?.accuracy == null ? null : 1 - dev.accuracy;
    return diagnose({ trainError: 1 - train.accuracy, devError, targetError });
  }
  if (train.loss === null) return null;
  return diagnose({ trainError: train.loss, devError: dev?.loss ?? null, targetError, basis: 'loss' });
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

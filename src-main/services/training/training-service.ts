/**
 * The training service: one worker thread per run, at most `maxConcurrent` running (the rest
 * queued in order), steered between steps by messages (pause, resume, stop, adjust), its
 * progress kept at full resolution in a RunStore and pushed as coalesced `training:progress`
 * events. A worker that throws, runs out of memory or ignores stop is contained: its run ends
 * failed or stopped with a message, the others go on, and dispose() leaves no thread behind.
 * Workers hand over checkpoints and the trained model, which the store keeps; continueRun starts
 * a new run from an ended run's model, rollback a branch from a run's checkpoint (weights and
 * optimizer state). In-process observers (observe) see every state and every batch of progress.
 * Plain Node (no electron), so it runs in both hosts and under tests.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  CommandError,
  endedRunStates,
  type EmitEvent,
  type GradientCheckResult,
  type ParsedRequestOf,
  type RunHistory,
  type RunState,
  type RunSummary,
  type TrainingAdjustment,
  type TrainingProgress,
} from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import type { GraphDoc } from '@shared/graph/doc';
import { defaultCheckRows, defaultSamplePerTensor, gradcheckParameterLimit } from '@shared/training/gradient-check';
import { adjustmentProblem } from '@shared/training/adjust';
import { initialWeightsProblem } from '@shared/training/initial-weights';
import { prepareRun, type LoadedData, type PrepareRunOptions, type RunSetupError } from '@shared/training/prepare-run';
import type { RunRequest } from '@shared/training/run-request';
import { reportsOfBatch } from '@shared/training/report-records';
import { lastStepPoint, type StepColumns } from '@shared/training/step-columns';
import { loadRunData } from '../run-data';
import type { BranchStart, FromWorker, ToWorker, WorkerHooks, WorkerJob } from '../../workers/protocol';
import { continuationOf, type Continuation, type ContinueRequest } from './continuation';
import { branchOf, checkpointsOf, refuseUnreachableCheckpoint, type RollbackRequest } from './rollback';
import { RunObservers, type RunObserver } from './run-observers';
import { checkedDesign } from './design-check';
import { ProgressCoalescer, type RunPosition } from './progress-coalescer';
import { MemoryRunStore, type RunStore } from './run-store';
import { sharedLoadedData } from './shared-data';
import { StepRate } from './step-rate';
import type { WorkerEntry } from './worker-entry';
import { WorkerPool } from './worker-pool';
import { datasetName, newRunSummary } from './new-run-summary';

export interface TrainingServiceOptions {
  emit: EmitEvent;
  /** The worker's script (builtWorkerEntry in the app, sourceWorkerEntry in tests). */
  worker: WorkerEntry;
  /** Runs training at once; default one per core (os.availableParallelism()). */
  maxConcurrent?: number;
  /** How long a stopped worker may take to stop between steps before it is terminated (default 2 s). */
  stopGraceMs?: number;
  /** Each worker's heap limits (default 1 GB of old generation). */
  resourceLimits?: ResourceLimits;
  store?: RunStore;
  /** Main sends each run's progress at most once per this many ms (default 1000/30). */
  progressIntervalMs?: number;
  /** Workers post their points at most once per this many ms (default 50). */
  workerFlushMs?: number;
  /** Workers compute visuals at most once per this many ms (default 500). */
  visualsEveryMs?: number;
  /**
   * Keep one worker started and idle, so the next run begins without paying a thread's start-up
   * (loading the engine takes ~0.1–0.2 s, as long as a whole small run). Default false; the app sets it.
   */
  warmSpare?: boolean;
  /** How long a thread that finished a run stays loaded for the next one (default 30 s; see WorkerPool). */
  idleWorkerMs?: number;
  /** Where the service says what went wrong outside any one request (default: standard error). */
  log?: (line: string) => void;
}

/** Options of one run that the contract's command never sets: for the search, the arena and tests. */
export interface StartOptions {
  /** Test-only misbehaviour of the worker. */
  hooks?: WorkerHooks;
  resourceLimits?: ResourceLimits;
  /** End the run ('stopped', hitStepLimit) after exactly this many optimizer steps; null or absent: no limit. */
  stepLimit?: number | null;
  /** The run's label instead of "<name> on <data set>" (a search trial: "search-3 · trial 7"). */
  label?: string;
  /** A babysitter drives the run: it waits after each epoch report until release() (see TrainJob.holdEachEpoch). */
  holdEachEpoch?: boolean;
  /** The run reports its epochs only: no step points, live visuals or checkpoints (see TrainJob.epochsOnly). */
  epochsOnly?: boolean;
}

export type StartRequest = ParsedRequestOf<'training:start'>;
export type GradcheckRequest = ParsedRequestOf<'training:gradcheck'>;
export type { ContinueRequest } from './continuation';
export type { RollbackRequest } from './rollback';
export type { RunObserver, RunStateDetail } from './run-observers';
export type { ProgressEvent } from './progress-coalescer';

const defaultResourceLimits: ResourceLimits = { maxOldGenerationSizeMb: 1024 };

interface LiveRun {
  summary: RunSummary;
  request: RunRequest;
  loaded: LoadedData | null;
  /** The kept model a continued run starts from. */
  initialWeights: ModelDocument | null;
  /** What a branch restores after the weights (optimizer state, schedule epoch, changes), or null. */
  branch: BranchStart | null;
  options: StartOptions;
  worker: Worker | null;
  /** Set once the worker has said how the run ended (or it was contained). */
  ended: boolean;
  stopRequested: boolean;
  /** The worker said it ended because it took its whole stepLimit. */
  hitStepLimit: boolean;
  stopTimer: ReturnType<typeof setTimeout> | null;
  adjustments: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  rate: StepRate;
  /** Resolves when the worker has exited (or at once for a run that never got one). */
  exited: Promise<void>;
  onExit: () => void;
}

export class TrainingService {
  private readonly runs = new Map<string, LiveRun>();
  private readonly queue: LiveRun[] = [];
  private readonly store: RunStore;
  private readonly coalescer: ProgressCoalescer;
  private readonly observers: RunObservers;
  /** Runs training at once (the rest wait in the queue): a search's local executor trains this many trials at a time. */
  readonly maxConcurrent: number;
  private readonly stopGraceMs: number;
  private readonly helpers = new Set<Worker>();
  /** Loaded threads waiting for the next run (a finished run's thread, the warm spare). */
  private readonly pool: WorkerPool;
  private nextAdjustment = 1;
  private disposed = false;

  constructor(private readonly options: TrainingServiceOptions) {
    this.store = options.store ?? new MemoryRunStore();
    this.observers = new RunObservers(options.log ?? console.error);
    // A store that cannot write (a full disk) ends the runs it could not record.
    this.store.onRunsFailed((runIds, error) => this.failRuns(runIds, error));
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? availableParallelism()));
    this.stopGraceMs = options.stopGraceMs ?? 2000;
    this.coalescer = new ProgressCoalescer({
      send: (event) => options.emit('training:progress', event),
      position: (runId) => this.position(runId),
      intervalMs: options.progressIntervalMs ?? 1000 / 30,
    });
    this.pool = new WorkerPool({ create: (job) => this.newWorker(job, this.limits()), keep: this.maxConcurrent, idleMs: options.idleWorkerMs ?? 30_000, warmSpare: options.warmSpare ?? false });
  }

  /** Whether a loaded worker waits for the next run (the warm spare, or a finished run's thread). */
  get spareReady(): boolean {
    return this.pool.ready;
  }

  /**
   * Tells `observer` every run's states and every batch of progress from now on (in process, not
   * coalesced); returns the function that stops it.
   */
  observe(observer: RunObserver): () => void {
    return this.observers.add(observer);
  }

  /** Validates the design and data in main, then queues the run (it starts when a slot is free). */
  async start(input: StartRequest, startOptions: StartOptions = {}): Promise<RunSummary> {
    return this.begin(input, startOptions, null);
  }

  /**
   * Trains an ended run further from its kept model: a new run with the same design and settings
   * (`epochs` of them, default as many as the source planned), linked by continuedFrom.
   */
  async continueRun(request: ContinueRequest, startOptions: StartOptions = {}): Promise<RunSummary> {
    this.refuseIfDisposed();
    const { input, continuation } = continuationOf(this.store, request);
    return this.begin(input, startOptions, continuation);
  }

  /** The checkpoints a run has kept (live or ended, this launch or an earlier one), oldest first. */
  checkpoints({ runId }: { runId: string }): { checkpoints: { epoch: number; step: number }[] } {
    return checkpointsOf(this.store, runId);
  }

  /**
   * Panda's rollback: stops the run if it still trains (and waits until it has ended, so its last
   * checkpoint is kept; an epoch it can have no checkpoint of is refused first, leaving it be), then starts a branch from its checkpoint at `epoch` — weights and optimizer
   * state, the schedule going on from that epoch — for the epochs it had left, with `changes` from
   * its first step. A new run: continuedFrom the run, branchedAt the checkpoint.
   */
  async rollback(request: RollbackRequest, startOptions: StartOptions = {}): Promise<RunSummary> {
    this.refuseIfDisposed();
    const live = this.runs.get(request.runId);
    if (live && !live.ended) {
      refuseUnreachableCheckpoint(this.store, request, live.summary);
      await this.stop({ runId: request.runId });
    }
    else if (live) await live.exited;
    const { input, continuation } = branchOf(this.store, request);
    return this.begin(input, startOptions, continuation);
  }

  private async begin(input: StartRequest, startOptions: StartOptions, continuation: Continuation | null): Promise<RunSummary> {
    this.refuseIfDisposed();
    const design = checkedDesign(input.design, 'trained');
    const stepLimit = startOptions.stepLimit ?? null;
    const { request, loaded, prepared } = await this.prepare(design, input.settings, { run: { stepLimit } }, continuation);
    const runId = this.store.newRunId();
    const dataset = datasetName(request.data, prepared.name);
    const summary: RunSummary = {
      ...newRunSummary({
        runId,
        label: startOptions.label ?? continuation?.label ?? `${input.name ?? 'Untitled'} on ${dataset}`,
        state: 'queued',
        createdAt: new Date().toISOString(),
        dataset,
        settings: input.settings,
        parameters: prepared.parameters,
        epochs: prepared.epochs,
        totalSteps: prepared.totalSteps,
        warnings: prepared.warnings,
      }),
      ...(continuation && { continuedFrom: continuation.continuedFrom }),
      ...(continuation?.branch && { branchedAt: continuation.branch.branchedAt }),
      backend: prepared.backend,
    };
    let onExit = () => {};
    const exited = new Promise<void>((resolve) => (onExit = resolve));
    const run: LiveRun = { summary, request, loaded, initialWeights: continuation?.initialWeights ?? null, branch: continuation?.branch ?? null, options: startOptions, worker: null, ended: false, stopRequested: false, hitStepLimit: false, stopTimer: null, adjustments: new Map(), rate: new StepRate(), exited, onExit };
    this.runs.set(runId, run);
    this.store.saveSummary(summary);
    this.store.saveDesign(runId, input.name ?? 'Untitled', input.design);
    this.emitState(run);
    this.queue.push(run);
    this.pump();
    return run.summary;
  }

  pause({ runId }: { runId: string }): RunSummary {
    const run = this.live(runId);
    if (run.summary.state === 'paused') return run.summary;
    if (run.summary.state !== 'running') throw this.notNow(run, 'paused');
    this.send(run, { type: 'pause' });
    this.setState(run, 'paused');
    return run.summary;
  }

  resume({ runId }: { runId: string }): RunSummary {
    const run = this.live(runId);
    if (run.summary.state === 'running') return run.summary;
    if (run.summary.state !== 'paused') throw this.notNow(run, 'resumed');
    this.send(run, { type: 'resume' });
    this.setState(run, 'running');
    return run.summary;
  }

  /**
   * Lets a run started with holdEachEpoch go on after the epoch it is held at (a no-op for a run
   * that has ended or is not held); a run a person paused stays paused.
   */
  release({ runId }: { runId: string }): void {
    const run = this.runs.get(runId);
    if (run && !run.ended) this.send(run, { type: 'release' });
  }

  /** Ends the run between steps (or at once when queued); resolves with its final summary. */
  async stop({ runId }: { runId: string }): Promise<RunSummary> {
    const run = this.live(runId);
    if (isEnded(run.summary.state)) return run.summary;
    if (run.summary.state === 'queued') {
      this.queue.splice(this.queue.indexOf(run), 1);
      this.end(run, 'stopped', null);
      run.onExit();
      return run.summary;
    }
    if (!run.stopRequested) {
      run.stopRequested = true;
      this.send(run, { type: 'stop' });
      // A worker deaf to stop (stuck in a step) is ended from outside after the grace period.
      run.stopTimer = setTimeout(() => {
        run.stopTimer = null;
        if (!run.ended) void run.worker?.terminate();
      }, this.stopGraceMs);
    }
    await run.exited;
    return run.summary;
  }

  /** Applied by the worker between steps; resolves once it took effect, with the run's summary. */
  async adjust({ runId, changes }: { runId: string; changes: TrainingAdjustment }): Promise<RunSummary> {
    const run = this.live(runId);
    if (run.summary.state !== 'running' && run.summary.state !== 'paused') throw this.notNow(run, 'adjusted');
    const id = this.nextAdjustment++;
    // The worker's record of the change (with its step) arrives as progress just before the acknowledgement.
    await new Promise<void>((resolve, reject) => {
      run.adjustments.set(id, { resolve, reject });
      this.send(run, { type: 'adjust', id, changes });
    });
    return run.summary;
  }

  /** The runs of this launch, newest first (earlier launches' runs stay in the store, for the History view and training:get). */
  list(): { runs: RunSummary[] } {
    return { runs: this.store.list().filter((run) => this.runs.has(run.runId)) };
  }

  get({ runId, fromStep, limit }: { runId: string; fromStep?: number | undefined; limit?: number | undefined }): RunHistory {
    const history = this.store.get(runId, fromStep, limit);
    if (!history) throw new CommandError('not_found', `There is no run ${runId}; training:list names the runs there are.`);
    return history;
  }

  /** The float64 gradient check of a design on its data, in a worker of its own. */
  async gradcheck(input: GradcheckRequest, startOptions: StartOptions = {}): Promise<GradientCheckResult> {
    this.refuseIfDisposed();
    const design = checkedDesign(input.design, 'checked');
    const rows = input.rows ?? defaultCheckRows;
    const maxPerTensor = defaultSamplePerTensor;
    const parameterLimit = {
      maxParameters: gradcheckParameterLimit(rows, maxPerTensor),
      purpose: `a gradient check of ${maxPerTensor} entries per tensor on ${rows} rows (fewer rows allow more)`,
    };
    // The check uses the initial weights on the first training rows: no dev or test rows needed.
    const settings = { ...input.settings, split: { train: 1, dev: 0, test: 0 }, backend: 'ts' as const };
    const { request, loaded } = await this.prepare(design, settings, { parameterLimit });
    const worker = this.spawn({ kind: 'gradcheck', request, loaded, rows, maxPerTensor, parameterLimit, hooks: startOptions.hooks ?? {} }, startOptions);
    this.helpers.add(worker);
    try {
      const result = await new Promise<GradientCheckResult>((resolve, reject) => {
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'gradcheck') resolve(message.result);
          else if (message.type === 'setup-failed') reject(new CommandError('invalid_request', `The gradient check could not start: ${message.message}`));
        });
        worker.on('error', (error) => reject(new CommandError('internal', `The gradient check failed: ${describeWorkerError(error, startOptions.resourceLimits ?? this.limits())}`)));
        worker.on('exit', () => reject(new CommandError('internal', 'The gradient check ended without a result.')));
      });
      this.recordGradcheck(input, rows, maxPerTensor, result);
      return result;
    } finally {
      await worker.terminate();
      this.helpers.delete(worker);
    }
  }

  /** Kept in history like a run (what was checked, on how many rows, and the verdict); a store that cannot write does not cost the person the report. */
  private recordGradcheck(input: GradcheckRequest, rows: number, maxPerTensor: number, result: GradientCheckResult): void {
    try {
      this.store.saveGradcheck({ runId: null, design: input.design, settings: { ...input.settings, rows, sample: maxPerTensor }, result });
    } catch (error) {
      (this.options.log ?? console.error)(`The gradient check could not be kept in history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Live worker threads (runs and gradient checks). */
  get workerCount(): number {
    let count = this.helpers.size + this.pool.size;
    for (const run of this.runs.values()) if (run.worker) count += 1;
    return count;
  }

  /** Terminates every worker; runs still queued or training end 'interrupted'. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.coalescer.flush();
    const waits: Promise<unknown>[] = [];
    for (const run of this.runs.values()) {
      if (!isEnded(run.summary.state)) this.end(run, 'interrupted', 'Deepwire closed while this run was training.');
      // An ended run's worker may still be on its way out: it is joined too.
      if (run.worker) waits.push(run.worker.terminate(), run.exited);
      else run.onExit();
    }
    this.queue.length = 0;
    for (const worker of this.helpers) waits.push(worker.terminate());
    waits.push(this.pool.dispose());
    await Promise.all(waits);
    this.coalescer.dispose();
    // Last: the runs' final states (interrupted, stopped) are written before the store closes.
    this.store.close();
  }

  /** Ends runs the store could not record (their workers are stopped; their points so far stay readable). */
  private failRuns(runIds: readonly string[], error: string): void {
    for (const runId of runIds) {
      const run = this.runs.get(runId);
      if (!run || run.ended) continue;
      const queued = this.queue.indexOf(run);
      if (queued >= 0) this.queue.splice(queued, 1);
      this.end(run, 'failed', error);
      if (run.worker) void run.worker.terminate();
      else run.onExit();
    }
  }

  private async prepare(design: GraphDoc, settings: StartRequest['settings'], options: PrepareRunOptions, continuation: Continuation | null = null) {
    const request: RunRequest = { ...settings, model: { kind: 'design', design } } as RunRequest;
    const loaded = await loadRunData(request.data);
    if (!loaded.ok) throw setupError(loaded);
    // Prepared here only to refuse what cannot train before anything is queued; the worker prepares its own.
    const prepared = prepareRun(request, loaded.data, options);
    if (!prepared.ok) throw setupError(prepared);
    const { run, trainer, name, parameters, warnings, config } = prepared.run;
    // The engine as this thread chose it: the worker's thread loads the same kernels and says which it took ('started').
    const facts = { name, parameters, warnings, epochs: config.epochs, totalSteps: run.totalSteps, backend: trainer.backend };
    trainer.dispose();
    const misfit = continuation && initialWeightsProblem(prepared.run, continuation.initialWeights);
    const doing = continuation?.branch ? 'rolled back' : 'continued';
    if (misfit) throw new CommandError('conflict', `${continuation.continuedFrom} cannot be ${doing}: ${misfit}.`);
    // Checked against the network too (a keep probability needs a dropout layer), before anything is queued.
    const changes = continuation?.branch?.changes;
    const wrong = changes && adjustmentProblem(changes, { optimizer: config.optimizer.kind, spec: prepared.run.spec });
    if (wrong) throw new CommandError('invalid_request', `${continuation.continuedFrom} cannot be rolled back with these changes: ${wrong}`);
    return { request, loaded: loaded.data && sharedLoadedData(loaded.data), prepared: facts };
  }

  /** Starts queued runs, in order, while slots are free (a paused run keeps its slot: its worker holds its state). */
  private pump(): void {
    while (!this.disposed && this.queue.length > 0 && this.active() < this.maxConcurrent) this.launch(this.queue.shift()!);
  }

  private active(): number {
    let count = 0;
    for (const run of this.runs.values()) if (run.worker) count += 1;
    return count;
  }

  private launch(run: LiveRun): void {
    const worker = this.spawn(
      { kind: 'train', request: run.request, loaded: run.loaded, initialWeights: run.initialWeights, stepLimit: run.options.stepLimit ?? null, branch: run.branch, holdEachEpoch: run.options.holdEachEpoch ?? false, epochsOnly: run.options.epochsOnly ?? false, flushEveryMs: this.options.workerFlushMs ?? 50, visualsEveryMs: this.options.visualsEveryMs ?? 500, hooks: run.options.hooks ?? {} },
      run.options,
    );
    run.worker = worker;
    const limits = run.options.resourceLimits ?? this.limits();
    const onMessage = (message: FromWorker) => {
      // Done with this run's job (after 'ended' or 'setup-failed'): the thread is free for the next run.
      if (message.type === 'idle' && message.after === 'job') finished(null);
      else this.onMessage(run, message);
    };
    const onError = (error: Error) => {
      if (!run.ended) this.end(run, 'failed', describeWorkerError(error, limits));
    };
    // The run lets go of its thread once: it exited (code), or it went idle (null) and is kept or ended.
    const finished = (exitCode: number | null) => {
      if (run.worker !== worker) return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', finished);
      run.worker = null;
      if (run.stopTimer) clearTimeout(run.stopTimer);
      run.stopTimer = null;
      if (!run.ended) {
        if (run.stopRequested) this.end(run, 'stopped', `Its worker did not stop within ${this.stopGraceMs / 1000} s, so it was ended; the points until then are kept.`);
        else this.end(run, 'failed', exitCode === null ? 'The training worker finished without saying how the run ended.' : `The training worker exited unexpectedly (exit code ${exitCode}).`);
      }
      if (exitCode === null) {
        // Only a thread with the default limits and no test hooks trains another run.
        if (poolable(run.options) && !this.disposed) this.pool.giveBack(worker);
        else this.pool.end(worker);
      }
      for (const waiting of run.adjustments.values()) waiting.reject(new CommandError('conflict', `${run.summary.runId} ended before the change could apply.`));
      run.adjustments.clear();
      run.loaded = null;
      run.initialWeights = null;
      run.branch = null;
      run.onExit();
      this.pump();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', finished);
    this.setState(run, 'running');
  }

  private spawn(job: WorkerJob, options: StartOptions): Worker {
    // A loaded thread from the pool takes a job with default limits; a run with limits of its own gets a fresh thread.
    if (options.resourceLimits === undefined) return this.pool.take(job);
    return this.newWorker(job, options.resourceLimits);
  }

  /** A worker thread started with its job, or (job null) idle until one is posted to it. */
  private newWorker(job: WorkerJob | null, resourceLimits: ResourceLimits): Worker {
    const { filename, eval: isCode, execArgv } = this.options.worker;
    return new Worker(filename, { workerData: job, resourceLimits, ...(isCode && { eval: true }), ...(execArgv && { execArgv }) });
  }

  private limits(): ResourceLimits {
    return this.options.resourceLimits ?? defaultResourceLimits;
  }

  private onMessage(run: LiveRun, message: FromWorker): void {
    const { runId } = run.summary;
    switch (message.type) {
      case 'idle':
        return;
      case 'started':
        // The engine the worker's thread chose (auto: the native kernels where they loaded there).
        run.summary = { ...run.summary, backend: message.backend };
        this.store.saveSummary(run.summary);
        return;
      case 'progress': {
        const reports = message.reports ? reportsOfBatch(message.reports) : [];
        this.onProgress(run, message.steps, reports);
        this.observers.progress({ runId, reports, interventions: message.interventions, visuals: message.visuals });
        if (message.interventions.length > 0) {
          run.summary = { ...run.summary, interventions: [...run.summary.interventions, ...message.interventions] };
          this.store.saveSummary(run.summary);
          this.store.appendInterventions(runId, message.interventions);
        }
        if (message.visuals) this.store.saveVisuals(runId, message.visuals);
        this.coalescer.add(runId, { steps: message.steps, reports, interventions: message.interventions, visuals: message.visuals });
        return;
      }
      case 'adjusted': {
        const waiting = run.adjustments.get(message.id);
        run.adjustments.delete(message.id);
        if (message.ok) waiting?.resolve();
        else waiting?.reject(new CommandError('invalid_request', message.message));
        return;
      }
      case 'checkpoint':
        this.keep(run, 'a checkpoint', () => this.store.saveCheckpoint(runId, message.epoch, message.step, message.checkpoint));
        return;
      case 'model':
        // It arrives just before 'ended', so the model is kept before the run's final state is saved and sent.
        this.keep(run, 'the trained model', () => this.store.saveModel(runId, message.model));
        return;
      case 'ended': {
        const { result, test } = message;
        // The steps it took (a run reporting epochs only has no step point after its last epoch report).
        run.summary = { ...run.summary, step: result.steps, result, test, train: result.train, dev: result.dev };
        run.hitStepLimit = message.hitStepLimit;
        this.end(run, result.status, null);
        return;
      }
      case 'setup-failed':
        this.end(run, 'failed', `The run could not start: ${message.message}`);
        return;
      case 'gradcheck':
        return;
    }
  }

  /** A store write that may fail (a full disk): the run goes on, with a warning saying what was not kept. */
  private keep(run: LiveRun, what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      const warning = `${what[0]!.toUpperCase()}${what.slice(1)} could not be kept (${error instanceof Error ? error.message : String(error)}).`;
      run.summary = { ...run.summary, warnings: [...run.summary.warnings, warning] };
      this.store.saveSummary(run.summary);
    }
  }

  private onProgress(run: LiveRun, steps: StepColumns | null, reports: readonly TrainingProgress[]): void {
    const { runId } = run.summary;
    if (steps) this.store.appendSteps(runId, steps);
    this.store.appendReports(runId, reports);
    // A run that reports epochs only (epochsOnly) has its position from its reports.
    const last = (steps && lastStepPoint(steps)) ?? reports.at(-1);
    const lastEpoch = reports.filter((report) => report.kind === 'epoch').at(-1);
    if (last) run.rate.add(last.step, performance.now());
    run.summary = {
      ...run.summary,
      ...(last && { step: last.step, epoch: last.epoch }),
      ...(lastEpoch && { train: lastEpoch.train, dev: lastEpoch.dev }),
      stepsPerSecond: run.rate.perSecond(),
    };
    this.store.saveSummary(run.summary);
  }

  private end(run: LiveRun, state: RunState, error: string | null): void {
    run.ended = true;
    if (run.stopTimer) clearTimeout(run.stopTimer);
    run.stopTimer = null;
    if (error !== null) run.summary = { ...run.summary, error };
    this.setState(run, state);
  }

  private setState(run: LiveRun, state: RunState): void {
    // The points so far go out before the state that follows them.
    this.coalescer.flush(run.summary.runId);
    run.summary = { ...run.summary, state };
    this.store.saveSummary(run.summary);
    this.emitState(run);
  }

  private emitState(run: LiveRun): void {
    this.options.emit('training:state', { run: run.summary });
    this.observers.state(run.summary, { hitStepLimit: run.hitStepLimit });
  }

  private position(runId: string): RunPosition {
    const { state, step, epoch, stepsPerSecond } = this.runs.get(runId)!.summary;
    return { state, step, epoch, stepsPerSecond };
  }

  private send(run: LiveRun, message: ToWorker): void {
    run.worker?.postMessage(message);
  }

  private live(runId: string): LiveRun {
    const run = this.runs.get(runId);
    if (!run) throw new CommandError('not_found', `There is no run ${runId} in this launch; training:list names the runs there are.`);
    return run;
  }

  private notNow(run: LiveRun, what: 'paused' | 'resumed' | 'adjusted'): CommandError {
    const { runId, state } = run.summary;
    const why = isEnded(state) ? `it has ended (${state})` : state === 'queued' ? 'it is queued and has not started; it can be once it runs' : `it is ${state}`;
    return new CommandError('conflict', `${runId} cannot be ${what}: ${why}.`);
  }

  private refuseIfDisposed(): void {
    if (this.disposed) throw new CommandError('unavailable', 'The training service has shut down; restart Deepwire to train.');
  }
}

function isEnded(state: RunState): boolean {
  return endedRunStates.includes(state);
}

function setupError(error: RunSetupError): CommandError {
  return new CommandError('invalid_request', `The run cannot start (${error.field}): ${error.message}`);
}

/** What the run list shows as the data set: a CSV file by its name, not its whole path. */
function describeWorkerError(error: Error, limits: ResourceLimits): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `The run ran out of memory (a training worker may use ${limits.maxOldGenerationSizeMb ?? 'its'} MB); train a smaller network, a smaller mini-batch or less data.`;
  }
  return `The training worker failed: ${error.message}`;
}

/** A thread may train another run after this one: default limits and no test misbehaviour. */
function poolable(options: StartOptions): boolean {
  return options.resourceLimits === undefined && (options.hooks === undefined || Object.keys(options.hooks).length === 0);
}

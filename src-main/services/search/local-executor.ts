/**
 * The local trial executor: each trial is a run of this process's training service (its worker
 * pool, one worker per core, queued beyond that). The run's observed states and epoch reports are
 * told to the scheduler as onStarted / onEpoch / onEnded, each trial's onEnded exactly once.
 */
import { endedRunStates, type MetricPair, type Metrics, type RunSummary, type TrainingProgress } from '@shared/api';
import type { TrainingService } from '../training/training-service';
import type { TrialEvents, TrialExecutor, TrialHandle, TrialJob } from './trial-executor';

/** What onStarted names as the trial's worker: this process. */
export const localWorkerName = 'local';

export class LocalTrialExecutor implements TrialExecutor {
  constructor(private readonly training: TrainingService) {}

  get capacity(): number {
    return this.training.maxConcurrent;
  }

  async submit(job: TrialJob, events: TrialEvents): Promise<TrialHandle> {
    const trial = new LocalTrial(events);
    // Observing before the run exists, so nothing it says is missed; events of other runs are ignored.
    const unsubscribe = this.training.observe({
      onState: (run, detail) => trial.onState(run, detail.hitStepLimit),
      onProgress: (event) => trial.onProgress(event.runId, event.reports),
    });
    trial.whenEnded.then(unsubscribe, unsubscribe);
    let started: RunSummary;
    try {
      // The design is checked by the service (checkedDesign), like the contract's training:start.
      started = await this.training.start({ design: job.design, settings: job.settings }, { label: job.label, stepLimit: job.stepLimit });
    } catch (error) {
      unsubscribe();
      throw error;
    }
    trial.begin(started);
    return { get runId() { return trial.runId; }, stop: () => trial.stop(() => this.training.stop({ runId: started.runId })) };
  }
}

/**
 * One trial's run. Until start() answers with the run's id, only its queued and running states can
 * have gone by (the service sets them up synchronously; the worker's messages come later), and
 * neither is needed: the trial starts with the summary start() returned.
 */
class LocalTrial {
  runId: string | null = null;
  private ended = false;
  private resolveEnded: () => void = () => {};
  readonly whenEnded = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(private readonly events: TrialEvents) {}

  begin(run: RunSummary): void {
    this.runId = run.runId;
    this.events.onStarted(run.runId, localWorkerName);
    // A service shut down while it prepared the run leaves it no way to end later.
    if (isEnded(run)) this.onState(run, false);
  }

  onState(run: RunSummary, hitStepLimit: boolean): void {
    if (run.runId !== this.runId || this.ended || !isEnded(run)) return;
    this.ended = true;
    this.events.onEnded({
      state: run.state,
      steps: run.step,
      epochs: run.result?.epochs ?? run.epoch,
      train: pair(run.result?.train ?? run.train),
      dev: pair(run.result?.dev ?? run.dev),
      error: run.error,
      hitStepLimit,
    });
    this.resolveEnded();
  }

  onProgress(runId: string, reports: readonly TrainingProgress[]): void {
    if (runId !== this.runId || this.ended) return;
    for (const report of reports) {
      if (report.kind !== 'epoch') continue;
      this.events.onEpoch({ epoch: report.epoch, steps: report.step, train: pair(report.train), dev: pair(report.dev) });
    }
  }

  async stop(stopRun: () => Promise<unknown>): Promise<void> {
    if (!this.ended) await stopRun();
    await this.whenEnded;
  }
}

function isEnded(run: RunSummary): boolean {
  return endedRunStates.includes(run.state);
}

function pair(metrics: Metrics | null): MetricPair | null {
  return metrics && { loss: metrics.loss, accuracy: metrics.accuracy };
}

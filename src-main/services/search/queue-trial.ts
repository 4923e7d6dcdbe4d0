/**
 * One trial on a queue, as the coordinator follows it: what BullMQ says of its job (progress,
 * completed, failed — from QueueEvents, or read from the job when reattaching) becomes the
 * scheduler's onStarted (when a worker first reports, and again with the same run when a later try
 * is on another worker), onEpoch (each epoch once: a retried
 * attempt starts its epochs again, and only those past what an earlier attempt reported are new)
 * and onEnded (exactly once, whatever arrives twice or late). The trial's run in history is the
 * last attempt's: its reports and model come from the worker's result.
 */
import type { RunSummary } from '@shared/api';
import type { ReportMetrics } from '@shared/training/report-records';
import { ReceivedProgress, TrialResult, queueSchemaVersion } from '../../queue/protocol';
import type { RemoteRuns, TrialFacts } from './remote-runs';
import type { TrialEnd, TrialEpoch, TrialEvents, TrialJob } from './trial-executor';

export type TrialPhase = 'submitting' | 'queued' | 'ended';

export class QueueTrial {
  phase: TrialPhase = 'submitting';
  /** Set once stop() was asked: a job added after it is removed again. */
  stopRequested = false;
  private run: RunSummary | null = null;
  /** The worker the trial's current try is on. */
  private worker: string | null = null;
  private attempt = 0;
  /** The highest epoch told to the scheduler (over every attempt). */
  private reportedEpoch = 0;
  private last: TrialEpoch = { epoch: 0, steps: 0, train: null, dev: null };
  private resolveEnded: () => void = () => {};
  readonly whenEnded = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(
    readonly job: TrialJob,
    private readonly facts: TrialFacts,
    private readonly events: TrialEvents,
    private readonly runs: RemoteRuns,
    private readonly log: (line: string) => void,
  ) {}

  get runId(): string | null {
    return this.run?.runId ?? null;
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** A job.updateProgress from a worker (an event, or the job's stored progress when reattaching). */
  onProgress(data: unknown): void {
    if (this.ended) return;
    const parsed = ReceivedProgress.safeParse(data);
    if (!parsed.success) {
      this.log(`${this.job.label}: a worker reported progress this coordinator cannot read (another Deepwire version?); it is ignored.`);
      return;
    }
    const progress = parsed.data;
    if (progress.attempt < this.attempt) return;
    if (progress.attempt > this.attempt) {
      if (this.attempt > 0) this.log(`${this.job.label}: try ${progress.attempt} on ${progress.worker} (the last one stalled or failed).`);
      this.attempt = progress.attempt;
    }
    this.start(progress.worker);
    this.epochs(progress.reports);
    if (this.run) this.run = { ...this.run, epoch: this.last.epoch, step: this.last.steps, train: this.last.train, dev: this.last.dev };
  }

  /** The job's return value: the trial ended on a worker (completed, stopped, diverged, early-stopped, or failed inside the run). */
  onCompleted(value: unknown): void {
    if (this.ended) return;
    const parsed = TrialResult.safeParse(value);
    if (!parsed.success || parsed.data.schemaVersion !== queueSchemaVersion) {
      const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
      const why = parsed.success || typeof version === 'number' ? `its result is of queue schema version ${String(version)}, this coordinator reads version ${queueSchemaVersion}` : 'its result is not one this coordinator can read';
      this.onFailed(`The worker's result was refused: ${why}; run the same Deepwire version on the coordinator and the workers.`);
      return;
    }
    const result = parsed.data;
    this.start(result.worker);
    // Epochs the last progress message had not carried yet (progress is sent at a bounded rate).
    this.epochs(result.reports.filter((report) => report.kind === 'epoch'));
    if (this.run) this.run = this.runs.finish(this.run, result);
    this.end({ state: result.state, steps: result.steps, epochs: result.epochs, train: result.train, dev: result.dev, error: result.error, hitStepLimit: result.hitStepLimit });
  }

  /** The job failed for good (three tries, or a worker refused it): the trial fails with the worker's message. */
  onFailed(reason: string): void {
    if (this.ended) return;
    if (this.run) this.run = this.runs.end(this.run, 'failed', reason);
    this.end({ ...this.progressSoFar(), state: 'failed', error: reason, hitStepLimit: false });
  }

  /** Removed from the queue before any worker took it, or stopped while it was still being submitted. */
  endStopped(): void {
    if (this.ended) return;
    if (this.run) this.run = this.runs.end(this.run, 'stopped', null);
    this.end({ ...this.progressSoFar(), state: 'stopped', error: null, hitStepLimit: false });
  }

  /** This coordinator is closing: the job goes on without it, and a resumed search picks its result up. */
  interrupt(): void {
    if (this.ended) return;
    if (this.run) this.run = this.runs.end(this.run, 'interrupted', 'The coordinator closed while this trial trained on the queue; resuming the search picks its result up.');
    this.end({ ...this.progressSoFar(), state: 'interrupted', error: null, hitStepLimit: false });
  }

  /** The first report makes the trial's run; a later try on another worker says so again, so the trial names who trained it. */
  private start(worker: string): void {
    if (this.run) {
      if (worker !== this.worker) {
        this.worker = worker;
        this.events.onStarted(this.run.runId, worker);
      }
      return;
    }
    this.run = this.runs.begin(this.job, this.facts);
    this.worker = worker;
    this.events.onStarted(this.run.runId, worker);
  }

  /** Epoch reports, in epoch order, each told once (a result repeats the thousand its progress told: only those past them are new). */
  private epochs(reports: readonly ReportMetrics[]): void {
    // A worker sends them in the order it made them; sorted only when they are not.
    const inOrder = reports.every((report, i) => i === 0 || reports[i - 1]!.epoch < report.epoch);
    for (const report of inOrder ? reports : [...reports].sort((a, b) => a.epoch - b.epoch)) {
      if (report.epoch <= this.reportedEpoch) continue;
      const epoch: TrialEpoch = { epoch: report.epoch, steps: report.step, train: pair(report.train), dev: pair(report.dev) };
      this.reportedEpoch = epoch.epoch;
      this.last = epoch;
      this.events.onEpoch(epoch);
    }
  }

  private progressSoFar(): Omit<TrialEnd, 'state' | 'error' | 'hitStepLimit'> {
    return { steps: this.last.steps, epochs: this.last.epoch, train: this.last.train, dev: this.last.dev };
  }

  private end(end: TrialEnd): void {
    this.phase = 'ended';
    this.events.onEnded(end);
    this.resolveEnded();
  }
}

function pair(metrics: { loss: number | null; accuracy: number | null } | null): TrialEpoch['train'] {
  return metrics && { loss: metrics.loss, accuracy: metrics.accuracy };
}

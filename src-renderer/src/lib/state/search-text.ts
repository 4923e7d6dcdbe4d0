/** How the Search view words statuses and plans. */
import type { QueueState, QueueWorker, SearchPlan, SearchStatus, Trial, TrialStatus } from '@shared/api';

export const trialStatusLabels: Record<TrialStatus, string> = {
  pending: 'Waiting',
  running: 'Running',
  completed: 'Completed',
  pruned: 'Pruned',
  stopped: 'Stopped',
  budget: 'Out of budget',
  diverged: 'Diverged',
  failed: 'Failed',
};

export const searchStatusLabels: Record<SearchStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  failed: 'Failed',
};

/** live: still going; good: finished; cut: ended early on purpose (halving, budget); neutral: stopped or interrupted; bad: broke. */
export function statusToneOf(status: TrialStatus | SearchStatus): 'live' | 'good' | 'cut' | 'neutral' | 'bad' {
  switch (status) {
    case 'pending':
    case 'running':
      return 'live';
    case 'completed':
      return 'good';
    case 'pruned':
    case 'budget':
      return 'cut';
    case 'stopped':
    case 'interrupted':
      return 'neutral';
    case 'diverged':
    case 'failed':
      return 'bad';
  }
}

/** "random · 12 trials × 10 epochs · 2 at once · halving η 3" */
export function describePlan(plan: SearchPlan): string {
  const parts = [`${plan.strategy}`, `${plan.trials} trials × ${plan.epochs} epochs`, `${plan.parallel} at once`, `seed ${plan.seed}`];
  if (plan.halving) parts.push(`halving η ${plan.halving.eta} from ${plan.halving.minEpochs} epoch${plan.halving.minEpochs === 1 ? '' : 's'}`);
  if (plan.budgetSteps !== null) parts.push(`budget ${plan.budgetSteps.toLocaleString('en')} steps`);
  return parts.join(' · ');
}

export const queueStateLabels: Record<QueueState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  unreachable: 'Unreachable',
  closed: 'Search ended',
};

export function queueStateTone(state: QueueState): 'live' | 'good' | 'neutral' | 'bad' {
  return state === 'connected' ? 'good' : state === 'connecting' ? 'live' : state === 'closed' ? 'neutral' : 'bad';
}

/** Who trains a trial, as its row says it: "local" (this machine), a worker's "host/pid", or — before it starts. */
export function workerLabel(worker: string | null): string {
  return worker ?? '—';
}

/** Trained by a queue worker: its run in history has its epochs (recorded with the worker's result), not its steps. */
export function isRemoteTrial(trial: Pick<Trial, 'worker'>): boolean {
  return trial.worker !== null && trial.worker !== 'local';
}

/** What a trial's card says while it has no curve to draw. */
export function missingCurveText(trial: Pick<Trial, 'status' | 'worker' | 'runId'>): string {
  if (trial.status === 'pending') return 'waiting for a worker';
  // Ended before any worker took it (the search was stopped, or halving decided without it).
  if (trial.runId === null && trial.status !== 'running') return 'never started';
  // A queue worker keeps a trial's steps; the curve of its epochs comes with its result (its metric updates meanwhile).
  if (trial.status === 'running' && isRemoteTrial(trial)) return 'curve when it ends';
  return 'no steps yet';
}

/** "2 workers · 4 of 6 busy · 19 trials done", or that none has joined. */
export function describeWorkers(workers: readonly QueueWorker[]): string {
  if (workers.length === 0) return 'no worker has joined yet';
  const sum = (pick: (w: QueueWorker) => number) => workers.reduce((total, w) => total + pick(w), 0);
  return `${workers.length} worker${workers.length === 1 ? '' : 's'} · ${sum((w) => w.busy)} of ${sum((w) => w.concurrency)} busy · ${sum((w) => w.trialsDone)} trials done`;
}

/** The command that joins a worker to this queue (the URL as shown, password redacted). */
export function workerCommand(url: string): string {
  return `deepwire worker --queue ${url}`;
}

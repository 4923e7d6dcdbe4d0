/** What a trial's status is once its run has ended: the scheduler's own reason first, then how the run ended. */
import type { TrialStatus } from '@shared/api';
import type { TrialEnd } from './trial-executor';

/** Why the scheduler stopped a trial: successive halving pruned it, or a person stopped it (or the whole search). */
export type StopReason = 'pruned' | 'stopped';

/** null: the run was interrupted (the executor shut down), so the trial is not finished and will run again on resume. */
export function trialStatusOf(end: TrialEnd, reason: StopReason | null): TrialStatus | null {
  if (reason) return reason;
  if (end.hitStepLimit) return 'budget';
  switch (end.state) {
    case 'completed':
    case 'early-stopped':
      return 'completed';
    case 'diverged':
      return 'diverged';
    case 'stopped':
      return 'stopped';
    case 'interrupted':
      return null;
    // A run the executor says ended in a live state (it should not) counts as failed.
    case 'failed':
    case 'queued':
    case 'running':
    case 'paused':
      return 'failed';
  }
}

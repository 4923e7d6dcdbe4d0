/** How the Search view words statuses and plans. */
import type { SearchPlan, SearchStatus, TrialStatus } from '@shared/api';

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

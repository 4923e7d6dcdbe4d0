/** Trials as a finished search holds them, for the search module's tests. */
import type { Trial } from '../api/search';
import type { TrialParams } from '../api/search-space';

export function trialOf(index: number, params: TrialParams, metric: number | null): Trial {
  return { index, runId: null, params, status: 'completed', epochs: 1, steps: 10, train: null, dev: null, metric, rung: 0, worker: null, error: null };
}

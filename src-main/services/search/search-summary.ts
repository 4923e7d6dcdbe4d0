/** A search's summary and detail from its record and trials (live in memory or read back from the database). */
import { redactQueueUrl, type SearchDetail, type SearchSummary, type TrialStatus } from '@shared/api';
import { rankTrials } from '@shared/search/api';
import { publicTrial, type SearchRecord, type TrialRecord } from './search-rows';

export const unfinishedTrialStatuses: readonly TrialStatus[] = ['pending', 'running'];

export function isFinished(trial: { status: TrialStatus }): boolean {
  return !unfinishedTrialStatuses.includes(trial.status);
}

export function summaryOf(record: SearchRecord, trials: readonly TrialRecord[]): SearchSummary {
  const ranked = rankTrials(record.metric, trials.map(publicTrial));
  const top = ranked[0];
  return {
    searchId: record.searchId,
    name: record.name,
    status: record.status,
    createdAt: record.createdAt,
    endedAt: record.endedAt,
    metric: record.metric,
    plan: record.plan,
    done: trials.filter(isFinished).length,
    steps: trials.reduce((sum, trial) => sum + trial.steps, 0),
    best: top && top.metric !== null ? { index: top.index, runId: top.runId, metric: top.metric } : null,
    parentId: record.parentId,
    error: record.error,
    // Where a queue search's trials went (a live one's status replaces this with what its executor sees now).
    ...(record.runOn.kind === 'queue' && { queue: { url: redactQueueUrl(record.runOn.url), state: 'closed' as const, message: null, workers: [] } }),
  };
}

export function detailOf(record: SearchRecord, trials: readonly TrialRecord[], children: string[]): SearchDetail {
  return {
    summary: summaryOf(record, trials),
    space: record.space,
    design: record.design,
    settings: record.settings,
    trials: rankTrials(record.metric, trials.map(publicTrial)),
    children,
  };
}

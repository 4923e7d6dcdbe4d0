/**
 * Panda's branches as the charts draw them. A rollback makes a new run (a branch) that starts from a
 * checkpoint of its source: its own steps count from 1, so to overlay it on its source it is shifted
 * by the checkpoint's step and epoch, plus its source's own shift when the source is a branch too.
 * A continuation (history:continue) also names a run in `continuedFrom` but has no `branchedAt`: it
 * is a run of its own, not part of a lineage. Pure, over run summaries.
 */
import type { RunSummary } from '@shared/api';

export type LineageRun = Pick<RunSummary, 'runId' | 'continuedFrom' | 'branchedAt'>;

export interface RunOffset {
  step: number;
  epoch: number;
}

export const noOffset: RunOffset = { step: 0, epoch: 0 };

/** The run a branch rolled back from, or null for a run of its own. */
export function branchSourceId(run: LineageRun): string | null {
  return run.branchedAt && run.continuedFrom ? run.continuedFrom : null;
}

/**
 * The runs from the oldest known ancestor down to `runId` (it last). Stops at a source that is not
 * among `runs` (a branch of a run from an earlier launch) and at a cycle (never in valid data).
 */
export function ancestryOf<R extends LineageRun>(runs: readonly R[], runId: string): R[] {
  const byId = new Map(runs.map((run) => [run.runId, run]));
  const chain: R[] = [];
  const seen = new Set<string>();
  let current = byId.get(runId);
  while (current && !seen.has(current.runId)) {
    seen.add(current.runId);
    chain.unshift(current);
    const source = branchSourceId(current);
    current = source === null ? undefined : byId.get(source);
  }
  return chain;
}

/** Where a run's step 0 sits on its lineage's axis: the sum of the branch points up its ancestry. */
export function offsetOf(runs: readonly LineageRun[], runId: string): RunOffset {
  let step = 0;
  let epoch = 0;
  for (const run of ancestryOf(runs, runId)) {
    if (!run.branchedAt || branchSourceId(run) === null) continue;
    step += run.branchedAt.step;
    epoch += run.branchedAt.epoch;
  }
  return { step, epoch };
}

/**
 * Every run of `runId`'s lineage: its oldest known ancestor and all branches below it, in the order
 * of `runs`. A run with no branches and no source is a lineage of one.
 */
export function lineageOf(runs: readonly LineageRun[], runId: string): string[] {
  const root = ancestryOf(runs, runId)[0]?.runId;
  if (root === undefined) return [];
  return runs.filter((run) => ancestryOf(runs, run.runId)[0]?.runId === root).map((run) => run.runId);
}

/**
 * The changes a run made while it trained, without those a branch got at step 0 (the changes its
 * rollback asked for: they belong to the rollback's mark and line, not to a mark of their own).
 */
export function ownInterventions<R extends Pick<RunSummary, 'interventions'> & LineageRun>(run: R): R['interventions'] {
  return branchSourceId(run) === null ? run.interventions : run.interventions.filter((change) => change.step > 0);
}

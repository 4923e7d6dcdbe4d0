/**
 * What was done to the selected run and to the runs it branched from, in the order it happened on
 * the lineage's step axis: every intervention ("step 120: α 0.05") and every rollback ("step 400:
 * rolled back to epoch 4, α 0.05"). Steps are where the marks sit on the curves (a branch's own
 * steps shifted by where it branched), so the list and the charts agree.
 */
import type { AdjustmentChanges, RunSummary } from '@shared/api';
import { interventionLabel } from '../../charts/intervention-label';
import { ancestryOf, branchSourceId, offsetOf, ownInterventions } from '../../charts/run-lineage';
import { changedOnly, currentValues } from '../../state/adjustment-diff';

export interface PandaLogEntry {
  kind: 'intervention' | 'rollback';
  /** On the lineage's axis. */
  step: number;
  runId: string;
  text: string;
}

/**
 * What a rollback changed: the branch's values at its start against its source's at the checkpoint.
 * The changes may sit in the branch's settings or come as interventions at its step 0; both count.
 * Without the source (another launch's run) only the step-0 interventions are known.
 */
export function rollbackChanges(branch: RunSummary, source: RunSummary | undefined): AdjustmentChanges | null {
  const atStart = branch.interventions.filter((change) => change.step === 0);
  if (!source || !branch.branchedAt) {
    const merged = Object.assign({}, ...atStart.map((change) => change.changes)) as AdjustmentChanges;
    return Object.keys(merged).length > 0 ? merged : null;
  }
  const checkpointStep = branch.branchedAt.step;
  const before = currentValues(source.settings, source.interventions.filter((change) => change.step <= checkpointStep));
  const start = currentValues(branch.settings, atStart);
  const { learningRate, l2, batchSize, schedule, ...rest } = start;
  return changedOnly({ learningRate, l2, batchSize, schedule, ...rest } as AdjustmentChanges, before);
}

/** "rolled back to epoch 4, α 0.05" (or without the changes when it kept the settings). */
export function rollbackText(branch: RunSummary, source: RunSummary | undefined): string {
  const epoch = branch.branchedAt?.epoch ?? 0;
  const changes = rollbackChanges(branch, source);
  const from = source ? '' : ` of ${branch.continuedFrom ?? 'its source'}`;
  return `rolled back to epoch ${epoch}${from}${changes ? `, ${interventionLabel(changes)}` : ''}`;
}

export function pandaLog(runs: readonly RunSummary[], runId: string): PandaLogEntry[] {
  const chain = ancestryOf(runs, runId);
  const entries: PandaLogEntry[] = [];
  chain.forEach((run, index) => {
    const offset = offsetOf(runs, run.runId).step;
    const next = chain[index + 1];
    // An ancestor's changes after the branch point did not happen on the way to this run.
    const until = next?.branchedAt ? next.branchedAt.step : Infinity;
    const sourceId = branchSourceId(run);
    if (sourceId !== null) {
      const source = runs.find((r) => r.runId === sourceId);
      entries.push({ kind: 'rollback', step: offset, runId: run.runId, text: rollbackText(run, source) });
    }
    for (const change of ownInterventions(run)) {
      if (change.step > until) continue;
      entries.push({ kind: 'intervention', step: offset + change.step, runId: run.runId, text: interventionLabel(change.changes) });
    }
  });
  return entries;
}

export function pandaLogLine(entry: PandaLogEntry): string {
  return `step ${entry.step.toLocaleString('en-US')}: ${entry.text}`;
}

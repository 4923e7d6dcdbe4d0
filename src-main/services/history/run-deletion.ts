/**
 * Delete with undo. Deleting sets runs.deleted_at, which hides the run from every History query
 * at once; undo clears it. Once a run has been deleted longer than the undo window, purge removes
 * every row of it from every table, in one transaction, and the data set text no run uses.
 */
import type { RunState } from '@shared/api';
import type { SqliteDatabase } from './database';

/** The tables that hold a run's own rows (besides runs itself). trials keep their row, without the run. */
const runTables = ['run_tags', 'report_chunks', 'step_chunks', 'interventions', 'models', 'checkpoints', 'gradchecks'] as const;

export interface DeletionCheck {
  /** Ids that are not in history (or are deleted already). */
  unknown: string[];
  /** Runs still queued, running or paused, which cannot be deleted. */
  live: { runId: string; status: RunState }[];
}

const liveStates: readonly RunState[] = ['queued', 'running', 'paused'];

export function checkDeletable(db: SqliteDatabase, runIds: readonly string[]): DeletionCheck {
  const select = db.prepare('SELECT status FROM runs WHERE id = ? AND deleted_at IS NULL').pluck();
  const check: DeletionCheck = { unknown: [], live: [] };
  for (const runId of runIds) {
    const status = select.get(runId) as RunState | undefined;
    if (status === undefined) check.unknown.push(runId);
    else if (liveStates.includes(status)) check.live.push({ runId, status });
  }
  return check;
}

/** Hides the runs (all or none). */
export function markDeleted(db: SqliteDatabase, runIds: readonly string[], at: Date): void {
  const mark = db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
  db.transaction(() => {
    for (const runId of runIds) mark.run(at.toISOString(), runId);
  }).immediate();
}

/** Brings back the runs that are deleted and not purged yet; returns those. */
export function undoDeleted(db: SqliteDatabase, runIds: readonly string[]): string[] {
  const undo = db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL');
  return db.transaction(() => runIds.filter((runId) => undo.run(runId).changes > 0)).immediate();
}

/** Removes for good every run deleted at or before `before`; returns their ids. */
export function purgeDeleted(db: SqliteDatabase, before: Date): string[] {
  return db.transaction(() => {
    const runIds = db.prepare('SELECT id FROM runs WHERE deleted_at IS NOT NULL AND deleted_at <= ?').pluck().all(before.toISOString()) as string[];
    if (runIds.length === 0) return runIds;
    const ids = JSON.stringify(runIds);
    // Their numbers are never given to new runs (run_numbers remembers the highest).
    db.prepare('UPDATE run_numbers SET highest = max(highest, coalesce((SELECT max(seq) FROM runs), 0)) WHERE id = 1').run();
    for (const table of runTables) db.prepare(`DELETE FROM ${table} WHERE run_id IN (SELECT value FROM json_each(?))`).run(ids);
    db.prepare('UPDATE trials SET run_id = NULL WHERE run_id IN (SELECT value FROM json_each(?))').run(ids);
    db.prepare('UPDATE runs SET continued_from = NULL WHERE continued_from IN (SELECT value FROM json_each(?))').run(ids);
    db.prepare('DELETE FROM runs WHERE id IN (SELECT value FROM json_each(?))').run(ids);
    db.prepare('DELETE FROM dataset_texts WHERE fingerprint NOT IN (SELECT dataset_fingerprint FROM runs)').run();
    return runIds;
  }).immediate();
}

/** When the earliest deleted run's undo window ends (null when no run waits to be purged). */
export function earliestDeletion(db: SqliteDatabase): Date | null {
  const at = db.prepare('SELECT min(deleted_at) FROM runs WHERE deleted_at IS NOT NULL').pluck().get() as string | null;
  return at === null ? null : new Date(at);
}

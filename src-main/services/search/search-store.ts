/**
 * The searches and their trials in the experiment database. Every change is written as it happens
 * (one small UPDATE per trial event), so list and get read the database alone and a crash loses
 * nothing a person saw. Opening marks searches whose process is gone 'interrupted' (like runs):
 * their unfinished trials go back to 'pending' for search:resume.
 */
import type { SearchStatus } from '@shared/api';
import type { SqliteDatabase } from '../history/database';
import { processIsAlive, thisProcess, type RunOwner } from '../history/run-ownership';
import { searchRecordOf, trialColumns, trialOf, type SearchRecord, type SearchRow, type TrialRecord, type TrialRow } from './search-rows';

const liveTrialStatuses = ['pending', 'running'];

export interface SearchStoreOptions {
  now?: () => Date;
  owner?: RunOwner;
  isAlive?: (pid: number) => boolean;
}

export class SearchStore {
  private readonly now: () => Date;
  private readonly owner: RunOwner;
  /** How many searches the open found abandoned and marked interrupted. */
  readonly interruptedAtOpen: number;

  constructor(
    private readonly db: SqliteDatabase,
    options: SearchStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.owner = options.owner ?? thisProcess();
    this.interruptedAtOpen = this.markAbandonedInterrupted(options.isAlive ?? processIsAlive);
  }

  /** search-<n>, continuing after the largest number ever given (searches are not deleted). */
  nextSearchId(): string {
    const highest = this.db.prepare("SELECT coalesce(max(CAST(substr(id, 8) AS INTEGER)), 0) FROM searches WHERE id GLOB 'search-[0-9]*'").pluck().get() as number;
    return `search-${highest + 1}`;
  }

  /** The search and all its sampled trials, in one transaction. */
  insert(search: SearchRecord, trials: readonly TrialRecord[]): void {
    const insertSearch = this.db.prepare(
      `INSERT INTO searches (id, name, strategy, space, status, created_at, ended_at, parent_id, plan, metric, design, settings, error, owner_host, owner_pid, run_on)
       VALUES (@id, @name, @strategy, @space, @status, @created_at, NULL, @parent_id, @plan, @metric, @design, @settings, NULL, @owner_host, @owner_pid, @run_on)`,
    );
    const insertTrial = this.db.prepare(
      `INSERT INTO trials (search_id, trial, run_id, params, status, objective, created_at, epochs, steps, train_loss, train_accuracy, dev_loss, dev_accuracy, rung, rung_values, worker, error)
       VALUES (@search_id, @trial, @run_id, @params, @status, @objective, @created_at, @epochs, @steps, @train_loss, @train_accuracy, @dev_loss, @dev_accuracy, @rung, @rung_values, @worker, @error)`,
    );
    this.db.transaction(() => {
      insertSearch.run({
        id: search.searchId,
        name: search.name,
        strategy: search.plan.strategy,
        space: JSON.stringify(search.space),
        status: search.status,
        created_at: search.createdAt,
        parent_id: search.parentId,
        plan: JSON.stringify(search.plan),
        metric: search.metric,
        design: JSON.stringify(search.design),
        settings: JSON.stringify(search.settings),
        owner_host: this.owner.host,
        owner_pid: this.owner.pid,
        run_on: search.runOn.kind === 'local' ? null : JSON.stringify(search.runOn),
      });
      for (const trial of trials) insertTrial.run({ search_id: search.searchId, trial: trial.index, params: JSON.stringify(trial.params), created_at: search.createdAt, ...trialColumns(trial) });
    })();
  }

  updateTrial(searchId: string, trial: TrialRecord, moment?: 'started' | 'ended'): void {
    const at = this.now().toISOString();
    const stamp = moment === 'started' ? ', started_at = @at, ended_at = NULL' : moment === 'ended' ? ', ended_at = @at' : '';
    this.db
      .prepare(
        `UPDATE trials SET run_id = @run_id, status = @status, objective = @objective, epochs = @epochs, steps = @steps, train_loss = @train_loss, train_accuracy = @train_accuracy,
           dev_loss = @dev_loss, dev_accuracy = @dev_accuracy, rung = @rung, rung_values = @rung_values, worker = @worker, error = @error${stamp}
         WHERE search_id = @search_id AND trial = @trial`,
      )
      .run({ search_id: searchId, trial: trial.index, at, ...trialColumns(trial) });
  }

  /** A search runs in this process again (started or resumed). */
  claim(searchId: string): void {
    this.db.prepare("UPDATE searches SET status = 'running', ended_at = NULL, error = NULL, owner_host = ?, owner_pid = ? WHERE id = ?").run(this.owner.host, this.owner.pid, searchId);
  }

  /** Returns when it ended. */
  end(searchId: string, status: Exclude<SearchStatus, 'running'>, error: string | null): string {
    const at = this.now().toISOString();
    this.db.prepare('UPDATE searches SET status = ?, ended_at = ?, error = ? WHERE id = ?').run(status, at, error, searchId);
    return at;
  }

  search(searchId: string): SearchRecord | null {
    const row = this.db.prepare('SELECT * FROM searches WHERE id = ?').get(searchId) as SearchRow | undefined;
    return row ? searchRecordOf(row) : null;
  }

  trials(searchId: string): TrialRecord[] {
    return (this.db.prepare('SELECT * FROM trials WHERE search_id = ? ORDER BY trial').all(searchId) as TrialRow[]).map(trialOf);
  }

  /** Newest first; rows from before v3 (no plan) are left out. */
  list(): SearchRecord[] {
    const rows = this.db.prepare('SELECT * FROM searches ORDER BY created_at DESC, id DESC').all() as SearchRow[];
    return rows.map(searchRecordOf).filter((record): record is SearchRecord => record !== null);
  }

  /** Searches started from this one (coarse to fine), oldest first. */
  children(searchId: string): string[] {
    return this.db.prepare('SELECT id FROM searches WHERE parent_id = ? ORDER BY created_at, id').pluck().all(searchId) as string[];
  }

  /**
   * Searches left 'running' by a process that is gone (dead on this machine, or none recorded) become
   * 'interrupted'; their trials that were training or waiting go back to 'pending' with nothing kept.
   * A search run by another live process (or one on another machine) is left alone.
   */
  private markAbandonedInterrupted(isAlive: (pid: number) => boolean): number {
    const rows = this.db.prepare("SELECT id, owner_host, owner_pid FROM searches WHERE status = 'running'").all() as Pick<SearchRow, 'id' | 'owner_host' | 'owner_pid'>[];
    const abandoned = rows.filter((row) => row.owner_pid === null || row.owner_host === null || (row.owner_host === this.owner.host && row.owner_pid !== this.owner.pid && !isAlive(row.owner_pid)));
    if (abandoned.length === 0) return 0;
    const at = this.now().toISOString();
    const markSearch = this.db.prepare("UPDATE searches SET status = 'interrupted', ended_at = ?, error = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const row of abandoned) {
        markSearch.run(at, 'Deepwire stopped while this search was running; search:resume runs the trials it had not finished.', row.id);
        this.resetUnfinished(row.id);
      }
    })();
    return abandoned.length;
  }

  /** Trials that had not finished start over: their partial run is not the trial's result. */
  resetUnfinished(searchId: string): void {
    this.db
      .prepare(
        `UPDATE trials SET status = 'pending', run_id = NULL, objective = NULL, epochs = 0, steps = 0, train_loss = NULL, train_accuracy = NULL, dev_loss = NULL, dev_accuracy = NULL,
           rung = 0, rung_values = '[]', worker = NULL, error = NULL, started_at = NULL, ended_at = NULL
         WHERE search_id = ? AND status IN (${liveTrialStatuses.map(() => '?').join(', ')})`,
      )
      .run(searchId, ...liveTrialStatuses);
  }
}

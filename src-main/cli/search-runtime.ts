/**
 * What `sweep` and `arena` train with: the experiment database (--db, or a temporary one with
 * --no-record), a training service whose runs each train in a worker thread, the local trial
 * executor over it, and the search service (which runs a search on a Redis queue through its own
 * queue executor, recording the trials in the same store). close() stops whatever still trains
 * and leaves no thread or connection behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTrialExecutor } from '../services/search/local-executor';
import { QueueSearches } from '../services/search/queue-searches';
import { SearchService } from '../services/search/search-service';
import type { TrialExecutor } from '../services/search/trial-executor';
import type { SqliteDatabase } from '../services/history/database';
import { openRunStore } from '../services/history/open-run-store';
import { TrainingService } from '../services/training/training-service';
import type { WorkerEntry } from '../services/training/worker-entry';
import { databaseFile, type RecordOptions } from './record-options';
import { UsageError } from './usage-error';

export interface SearchRuntime {
  db: SqliteDatabase;
  /** The database file, or null with --no-record (a temporary one, removed at close). */
  file: string | null;
  training: TrainingService;
  executor: TrialExecutor;
  search: SearchService;
  /** A search service over another executor (the arena's counting one), on the same database. */
  searchOver(executor: TrialExecutor): SearchService;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  record: RecordOptions;
  commandName: string;
  stderr: { write: (text: string) => unknown };
  worker: WorkerEntry;
  /** Runs training at once. */
  maxConcurrent: number;
}

export function openSearchRuntime({ record, commandName, stderr, worker, maxConcurrent }: RuntimeOptions): SearchRuntime {
  const scratch = record.record === false ? mkdtempSync(join(tmpdir(), `deepwire-${commandName}-`)) : null;
  const file = scratch ? join(scratch, 'deepwire.db') : databaseFile(record);
  const opened = openRunStore(file);
  if (!opened.ok) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw new UsageError(`--db ${file}: ${opened.message} (or run with --no-record)`);
  }
  for (const notice of opened.notices) stderr.write(`deepwire ${commandName}: ${notice}\n`);
  const log = (line: string) => void stderr.write(`deepwire ${commandName}: ${line}\n`);
  const training = new TrainingService({ emit: () => {}, store: opened.store, worker, maxConcurrent, log });
  const executor = new LocalTrialExecutor(training);
  const queue = new QueueSearches({ db: opened.db, runs: opened.store, log });
  const searchOver = (over: TrialExecutor) => new SearchService({ db: opened.db, executor: over, emit: () => {}, log, queue });
  const search = searchOver(executor);
  let closed = false;
  return {
    db: opened.db,
    file: scratch ? null : file,
    training,
    executor,
    search,
    searchOver,
    async close() {
      if (closed) return;
      closed = true;
      // A queue search's trials still on the queue end 'interrupted' here (their jobs train on), before the store closes.
      await search.close();
      // Last: the training service closes the store (and the database) once every run's final state is written.
      await training.dispose();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Fixtures for the queue tests: a coordinator (experiment database, its run store, a search service
 * with queue searches and, for comparisons, a local training service) that can be closed and
 * opened again on the same file — what a restarted app or `deepwire sweep` does — and a way to
 * wait for a condition on what the coordinator says (search:progress), never on the clock.
 */
import { join } from 'node:path';
import type { SearchSummary } from '@shared/api';
import type { SqliteDatabase } from '../history/database';
import { openRunStore } from '../history/open-run-store';
import type { SqliteRunStore } from '../history/sqlite-run-store';
import { builtWorkerEntry } from '../training/worker-entry';
import { TrainingService } from '../training/training-service';
import { LocalTrialExecutor } from './local-executor';
import { QueueSearches } from './queue-searches';
import { SearchService, type SearchProgress } from './search-service';

export interface Coordinator {
  db: SqliteDatabase;
  store: SqliteRunStore;
  training: TrainingService;
  search: SearchService;
  queue: QueueSearches;
  progress: SearchProgress[];
  logs: string[];
  /** Resolves with the first search:progress (from now on, or the last one sent) that satisfies `test`. */
  until(test: (progress: SearchProgress) => boolean): Promise<SearchProgress>;
  close(): Promise<void>;
}

/** The built training worker (out/main), as the CLI uses it: `npx electron-vite build` first. */
export const builtTrainingWorker = () => builtWorkerEntry(join(import.meta.dirname, '../../../out/main'));

export function openCoordinator(file: string, options: { maxConcurrent?: number; pollMs?: number } = {}): Coordinator {
  const opened = openRunStore(file);
  if (!opened.ok) throw new Error(opened.message);
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  const training = new TrainingService({ emit: () => {}, store: opened.store, worker: builtTrainingWorker(), maxConcurrent: options.maxConcurrent ?? 2, log });
  const queue = new QueueSearches({ db: opened.db, runs: opened.store, log, pollMs: options.pollMs ?? 200 });
  const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {}, log, queue, progressIntervalMs: 20 });
  const progress: SearchProgress[] = [];
  const waiters = new Set<{ test: (progress: SearchProgress) => boolean; resolve: (progress: SearchProgress) => void }>();
  search.onProgress((message) => {
    progress.push(message);
    for (const waiter of [...waiters]) {
      if (!waiter.test(message)) continue;
      waiters.delete(waiter);
      waiter.resolve(message);
    }
  });
  let closed = false;
  return {
    db: opened.db,
    store: opened.store,
    training,
    search,
    queue,
    progress,
    logs,
    until(test) {
      const last = progress.at(-1);
      if (last && test(last)) return Promise.resolve(last);
      return new Promise((resolve) => waiters.add({ test, resolve }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await search.close();
      // Closes the store (and the database) last.
      await training.dispose();
    },
  };
}

/** The summary's queue state, for messages of failed expectations. */
export function queueState(summary: SearchSummary): string {
  return summary.queue ? `${summary.queue.state}: ${summary.queue.message ?? ''}` : 'no queue';
}

/**
 * The handler map: every command of the contract, composed from one factory per domain. Typed as
 * the complete `Handlers`, so a command without a handler in its domain's factory does not compile.
 * The training service is started once here and shared by the training, history and search
 * domains; the search service trains its trials as runs of it (LocalTrialExecutor) and keeps its
 * searches in the experiment database, so it exists only where both do.
 */
import type { Handlers } from '@shared/api';
import { createAppHandlers } from './app-handlers';
import { createDesignsHandlers } from './designs-handlers';
import { createHistoryHandlers } from './history-handlers';
import { createSearchHandlers } from './search-handlers';
import { ArenaService } from './search/arena';
import { createArenaHandlers } from './search/arena-handlers';
import { LocalTrialExecutor } from './search/local-executor';
import { QueueSearches } from './search/queue-searches';
import { SearchService } from './search/search-service';
import type { TrialExecutor } from './search/trial-executor';
import type { ServiceOptions } from './service-options';
import { createTrainingHandlers } from './training-handlers';

export type { ServiceOptions } from './service-options';

export function createHandlers(options: ServiceOptions): Handlers {
  const training = options.training?.(options.emit) ?? null;
  const db = options.history?.db ?? null;
  const executor = training && new LocalTrialExecutor(training);
  // Searches on a Redis queue record their trials as runs of the same store the training service writes.
  const queue = db && options.history ? new QueueSearches({ db, runs: options.history.store, ...(options.log && { log: options.log }) }) : undefined;
  const searchOver = (over: TrialExecutor) => new SearchService({ db: db!, executor: over, emit: options.emit, ...(options.log && { log: options.log }), ...(queue && { queue }) });
  const search = executor && db ? searchOver(executor) : null;
  // The arena races a babysat run against a search of its own, over a counting wrapper of the same executor.
  const arena = training && executor && db ? new ArenaService({ db, training, executor, createSearch: searchOver, emit: options.emit, ...(options.log && { log: options.log }) }) : null;
  if (search) options.onSearchService?.(search);
  // Queue searches a restart interrupted go on where their workers are (the results that came meanwhile are picked up).
  if (search && queue) void search.reattachQueueSearches();
  return {
    ...createAppHandlers(options),
    ...createDesignsHandlers(options),
    ...createTrainingHandlers(training),
    ...createHistoryHandlers(options, training),
    ...createSearchHandlers(search, arena && createArenaHandlers(arena)),
  };
}

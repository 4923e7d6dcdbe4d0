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
import { LocalTrialExecutor } from './search/local-executor';
import { SearchService } from './search/search-service';
import type { ServiceOptions } from './service-options';
import { createTrainingHandlers } from './training-handlers';

export type { ServiceOptions } from './service-options';

export function createHandlers(options: ServiceOptions): Handlers {
  const training = options.training?.(options.emit) ?? null;
  const search =
    training && options.history
      ? new SearchService({ db: options.history.db, executor: new LocalTrialExecutor(training), emit: options.emit, ...(options.log && { log: options.log }) })
      : null;
  if (search) options.onSearchService?.(search);
  return {
    ...createAppHandlers(options),
    ...createDesignsHandlers(options),
    ...createTrainingHandlers(training),
    ...createHistoryHandlers(options, training),
    // S5: the arena's handlers go here as createSearchHandlers's second argument.
    ...createSearchHandlers(search),
  };
}

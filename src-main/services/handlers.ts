/**
 * The handler map: every command of the contract, composed from one factory per domain. Typed as
 * the complete `Handlers`, so a command without a handler in its domain's factory does not compile.
 * The training service is started once here and shared by the training and history domains.
 */
import type { Handlers } from '@shared/api';
import { createAppHandlers } from './app-handlers';
import { createDesignsHandlers } from './designs-handlers';
import { createHistoryHandlers } from './history-handlers';
import { createSearchHandlers } from './search-handlers';
import type { ServiceOptions } from './service-options';
import { createTrainingHandlers } from './training-handlers';

export type { ServiceOptions } from './service-options';

export function createHandlers(options: ServiceOptions): Handlers {
  const training = options.training?.(options.emit) ?? null;
  return {
    ...createAppHandlers(options),
    ...createDesignsHandlers(options),
    ...createTrainingHandlers(training),
    ...createHistoryHandlers(options, training),
    // The search service arrives with the local trial executor (S2); until then searches answer 'unavailable'.
    ...createSearchHandlers(null),
  };
}

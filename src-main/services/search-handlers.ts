/** The search domain's commands (none yet): adding one to src-shared/api/search.ts makes the compiler ask for its handler here. */
import type { HandlersOf, searchCommands } from '@shared/api';
import type { ServiceOptions } from './service-options';

export function createSearchHandlers(_options: ServiceOptions): HandlersOf<keyof typeof searchCommands> {
  return {};
}

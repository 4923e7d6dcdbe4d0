/** The history domain's commands (none yet): adding one to src-shared/api/history.ts makes the compiler ask for its handler here. */
import type { HandlersOf, historyCommands } from '@shared/api';
import type { ServiceOptions } from './service-options';

export function createHistoryHandlers(_options: ServiceOptions): HandlersOf<keyof typeof historyCommands> {
  return {};
}

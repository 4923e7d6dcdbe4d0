/** The search domain's commands. PLACEHOLDER until the search service lands: every command answers 'unavailable'. */
import { CommandError, searchCommands, type HandlersOf } from '@shared/api';
import type { ServiceOptions } from './service-options';

type SearchCommand = keyof typeof searchCommands;

export function createSearchHandlers(_options: ServiceOptions): HandlersOf<SearchCommand> {
  const notYet = (): never => {
    throw new CommandError('unavailable', 'Searches are not available in this host yet.');
  };
  return Object.fromEntries(Object.keys(searchCommands).map((name) => [name, notYet])) as unknown as HandlersOf<SearchCommand>;
}

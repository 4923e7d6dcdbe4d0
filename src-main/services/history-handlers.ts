/** The history domain's commands. PLACEHOLDER until the history service lands: every command answers 'unavailable'. */
import { CommandError, historyCommands, type HandlersOf } from '@shared/api';
import type { ServiceOptions } from './service-options';

type HistoryCommand = keyof typeof historyCommands;

export function createHistoryHandlers(_options: ServiceOptions): HandlersOf<HistoryCommand> {
  const notYet = (): never => {
    throw new CommandError('unavailable', 'History is not available in this host.');
  };
  return Object.fromEntries(Object.keys(historyCommands).map((name) => [name, notYet])) as unknown as HandlersOf<HistoryCommand>;
}

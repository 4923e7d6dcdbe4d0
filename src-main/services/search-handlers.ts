/**
 * The search domain's commands, answered by the SearchService (services/search/). A host without
 * the experiment database or a training service answers 'unavailable' with a sentence. The arena
 * commands are S5's: until its arena service is passed in, they answer 'unavailable' too.
 */
import { CommandError, searchCommands, type HandlersOf } from '@shared/api';
import { probeQueue } from './search/queue-status';
import type { SearchService } from './search/search-service';

type SearchCommand = keyof typeof searchCommands;
export type ArenaCommand = 'search:arena' | 'search:arenaGet' | 'search:arenaList';
/** The arena's three commands (the strategy arena of issue 11), when a host has them. */
export type ArenaHandlers = HandlersOf<ArenaCommand>;

export function createSearchHandlers(search: SearchService | null, arena: ArenaHandlers | null = null): HandlersOf<SearchCommand> {
  const arenaHandlers = arena ?? arenaUnavailable();
  if (!search) {
    const notHere = (): never => {
      throw new CommandError('unavailable', 'Searches are not available here: they need the experiment database and the training service (the log says why one is missing).');
    };
    const handlers = Object.fromEntries(Object.keys(searchCommands).map((name) => [name, notHere])) as unknown as HandlersOf<SearchCommand>;
    // A queue's status needs no database: the "Run on: queue" field can check a URL on any host.
    return { ...handlers, 'search:list': () => ({ searches: [] }), 'search:queueStatus': (request) => probeQueue(request.url), ...arenaHandlers };
  }
  return {
    'search:start': (request) => search.start(request),
    'search:list': () => search.list(),
    'search:get': (request) => search.get(request),
    'search:stop': (request) => search.stop(request),
    'search:stopTrial': (request) => search.stopTrial(request),
    'search:resume': (request) => search.resume(request),
    'search:queueStatus': (request) => search.queueStatus(request),
    ...arenaHandlers,
  };
}

// ── S5's spot: the arena service replaces this (handlers.ts passes its handlers as `arena`). ──
function arenaUnavailable(): ArenaHandlers {
  const notYet = (): never => {
    throw new CommandError('unavailable', 'The strategy arena is not available in this host yet.');
  };
  return { 'search:arena': notYet, 'search:arenaGet': notYet, 'search:arenaList': () => ({ arenas: [] }) };
}

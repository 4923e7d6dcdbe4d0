/** The arena's commands (search:arena, search:arenaGet, search:arenaList, search:arenaStop), answered by the ArenaService. */
import type { ArenaHandlers } from '../search-handlers';
import type { ArenaService } from './arena';

export function createArenaHandlers(arena: ArenaService): ArenaHandlers {
  return {
    'search:arena': (request) => arena.start(request),
    'search:arenaGet': (request) => arena.arenaGet(request),
    'search:arenaList': () => arena.arenaList(),
    'search:arenaStop': (request) => arena.stop(request),
  };
}

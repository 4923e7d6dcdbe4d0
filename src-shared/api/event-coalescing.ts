/**
 * What may be folded together when a page reads too slowly (the web host's outbox, socket-outbox.ts):
 * described once per event, so a new event cannot be added without saying how it waits. Events with
 * the same key stand for one another — the newer merged into the one that waits, or alone when it
 * carries everything the older did; events with different keys never touch. `null` keeps every event
 * of that name, in order: nothing in it can be rebuilt from a later one.
 */
import type { EventName, EventPayload } from './contract';

export interface Coalescing<P> {
  key(payload: P): string;
  /** The one payload standing for both; without it the newer replaces the older. */
  merge?(older: P, newer: P): P;
}

export const eventCoalescing: { [E in EventName]: Coalescing<EventPayload<E>> | null } = {
  'app:log': null,
  'app:menu': null,
  'designs:changed': { key: () => '', merge: (older, newer) => ({ names: union(older.names, newer.names) }) },
  // The newer message's steps alone: the page sees the gap before them and fetches what it missed
  // (training:get). Reports and changes come along, as a run reporting epochs only has no steps to show a gap.
  'training:progress': {
    key: ({ runId }) => runId,
    merge: (older, newer) => ({
      ...newer,
      reports: [...older.reports, ...newer.reports],
      interventions: [...older.interventions, ...newer.interventions],
      visuals: newer.visuals ?? older.visuals,
    }),
  },
  // Each run's latest state: a stopped run must not be hidden by the branch queued after it.
  'training:state': { key: ({ run }) => run.runId },
  'history:changed': { key: () => '', merge: (older, newer) => ({ runIds: union(older.runIds, newer.runIds) }) },
  // The latest summary of the search, with every trial that changed in either (the newer's version of each).
  'search:progress': {
    key: ({ search }) => search.searchId,
    merge: (older, newer) => {
      const trials = new Map(older.trials.map((trial) => [trial.index, trial]));
      for (const trial of newer.trials) trials.set(trial.index, trial);
      return { search: newer.search, trials: [...trials.values()] };
    },
  },
  'search:arenaProgress': { key: ({ arena }) => arena.arenaId },
};

/**
 * The coalescing key of an event (with its name, so keys of different events never meet), or null
 * when each one must be kept.
 */
export function coalescingKey(event: EventName, payload: unknown): string | null {
  const rule = eventCoalescing[event] as Coalescing<unknown> | null;
  return rule ? JSON.stringify([event, rule.key(payload)]) : null;
}

/** The payload that stands for `older` and `newer` of the same key. */
export function coalescePayloads(event: EventName, older: unknown, newer: unknown): unknown {
  const rule = eventCoalescing[event] as Coalescing<unknown> | null;
  return rule?.merge ? rule.merge(older, newer) : newer;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

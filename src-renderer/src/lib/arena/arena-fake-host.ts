/**
 * An arena host in memory, for the arena state's tests and for looking at the view before the
 * search service exists: search:arena / arenaGet / arenaList over a list, search:get for caviar's
 * trials, and `advance` to push search:arenaProgress as if both sides trained on. Behind the real
 * client, so every answer is checked by the contract. Curves are arithmetic: the same every time.
 */
import { createClient, type ArenaSide, type ArenaSummary, type CommandName, type EventName, type SearchDetail, type Transport, type Trial } from '@shared/api';
import { fakeSettings } from '../state/history-fake-host';

/** Caviar's n-th trial: every third one pruned by successive halving. */
function fakeTrial(index: number, runId: string): Trial {
  const pruned = index % 3 === 2;
  const metric = 0.7 + ((index * 7) % 10) / 40;
  return {
    index,
    runId,
    params: { learningRate: 10 ** (-4 + ((index * 3) % 10) / 3.3) },
    status: pruned ? 'pruned' : 'completed',
    epochs: pruned ? 1 : 3,
    steps: pruned ? 70 : 210,
    train: { loss: 1 - metric, accuracy: metric + 0.02 },
    dev: { loss: 1.1 - metric, accuracy: metric },
    metric,
    rung: pruned ? 0 : 1,
    worker: 'local',
    error: null,
  };
}

function fakeSearch(arena: ArenaSummary): SearchDetail {
  const trials = arena.caviar.runIds.map((runId, index) => fakeTrial(index, runId));
  return {
    summary: {
      searchId: arena.searchId!,
      name: `caviar of ${arena.arenaId}`,
      status: arena.status,
      createdAt: arena.createdAt,
      endedAt: null,
      metric: arena.metric,
      plan: { strategy: 'random', trials: trials.length, parallel: 2, seed: 1, epochs: 3, halving: { eta: 3, minEpochs: 1 }, budgetSteps: arena.budgetSteps },
      done: trials.length,
      steps: arena.caviar.steps,
      best: null,
      parentId: null,
      error: null,
    },
    space: { learningRate: { kind: 'log', min: 1e-4, max: 1e-1 } },
    design: { name: 'Course net', version: 2 },
    settings: fakeSettings,
    trials,
    children: [],
  };
}

/**
 * Arena n with both sides `fraction` (0–1] of the way through the budget: panda climbs steadily and
 * rolls back once, caviar starts lower and overtakes it; done (caviar the winner) at fraction 1.
 */
export function fakeArena(n: number, fraction = 1, budgetSteps = 4000): ArenaSummary {
  const points = Math.max(1, Math.round(fraction * 10));
  const steps = (i: number) => Math.round(((i + 1) / 10) * budgetSteps);
  const side = (curve: (i: number) => number, runIds: string[], log: string[]): ArenaSide => {
    const drawn = Array.from({ length: points }, (_, i) => ({ steps: steps(i), bestDev: Number(curve(i).toFixed(4)) }));
    return { bestDev: drawn.at(-1)!.bestDev, steps: drawn.at(-1)!.steps, curve: drawn, runIds, log };
  };
  const panda = side((i) => Math.min(0.9, 0.6 + 0.03 * i), ['run-1', 'run-4'], [
    'epoch 3: dev loss 0.41 has not improved for 3 epochs: α 0.1 → 0.05',
    ...(points > 5 ? ['epoch 6: diverged (loss NaN): rolled back to epoch 5 with α 0.025'] : []),
  ]);
  const caviar = side((i) => Math.min(0.95, 0.55 + 0.045 * i), Array.from({ length: 8 }, (_, i) => `run-${10 + i}`), ['2 of 8 trials pruned by successive halving']);
  const done = fraction >= 1;
  const margin = ((caviar.bestDev! - panda.bestDev!) * 100).toFixed(1);
  return {
    arenaId: `arena-${n}`,
    status: done ? 'completed' : 'running',
    createdAt: new Date(Date.UTC(2025, 5, 1) + n * 60_000).toISOString(),
    budgetSteps,
    metric: 'dev-accuracy',
    panda,
    caviar,
    winner: done ? 'caviar' : null,
    verdict: done ? `caviar wins by ${margin} points of dev accuracy at ${steps(8).toLocaleString('en-US')} of ${budgetSteps.toLocaleString('en-US')} steps` : null,
    searchId: `search-${n}`,
  };
}

export function fakeArenaHost(past: ArenaSummary[] = []) {
  const arenas: ArenaSummary[] = [...past];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: Record<string, unknown> }[] = [];
  const replies: Partial<Record<CommandName, (request: Record<string, unknown>) => unknown>> = {};
  let next = arenas.length + 1;
  const ok = (value: unknown) => ({ ok: true, value });
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const find = (arenaId: unknown) => arenas.find((a) => a.arenaId === arenaId);

  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    const custom = replies[channel];
    if (custom) return custom(request);
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only the arena's commands are faked; the rest are refused
    switch (channel) {
      case 'search:arenaList':
        return ok({ arenas: [...arenas].reverse() });
      case 'search:arenaGet': {
        const arena = find(request.arenaId);
        return arena ? ok(arena) : { ok: false, error: { code: 'not_found', message: `There is no arena ${String(request.arenaId)} in history.` } };
      }
      case 'search:arena': {
        const n = next++;
        const arena: ArenaSummary = {
          arenaId: `arena-${n}`,
          status: 'running',
          createdAt: new Date(Date.UTC(2025, 5, 1) + n * 60_000).toISOString(),
          budgetSteps: Number(request.budgetSteps),
          metric: 'dev-accuracy',
          panda: { bestDev: null, steps: 0, curve: [], runIds: ['run-1'], log: [] },
          caviar: { bestDev: null, steps: 0, curve: [], runIds: [], log: [] },
          winner: null,
          verdict: null,
          searchId: `search-${n}`,
        };
        arenas.push(arena);
        return ok(arena);
      }
      case 'search:arenaStop': {
        const index = arenas.findIndex((a) => a.arenaId === request.arenaId);
        if (index < 0) return { ok: false, error: { code: 'not_found', message: `There is no arena ${String(request.arenaId)} in history.` } };
        if (arenas[index]!.status === 'running') arenas[index] = { ...arenas[index]!, status: 'stopped' };
        return ok(arenas[index]);
      }
      case 'search:get': {
        const arena = arenas.find((a) => a.searchId === request.searchId);
        if (!arena) return { ok: false, error: { code: 'not_found', message: `There is no search ${String(request.searchId)}.` } };
        return ok(fakeSearch(arena));
      }
      default:
        return { ok: false, error: { code: 'unavailable', message: `${channel} is not offered by the fake arena host` } };
    }
  };

  const transport: Transport = {
    kind: 'web',
    async invoke(channel, request) {
      calls.push({ channel, request: request as Record<string, unknown> });
      return answer(channel, request as Record<string, unknown>);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return {
    client: createClient(transport),
    calls,
    arenas,
    replies,
    emit,
    /** Replaces an arena by a newer state of it and pushes search:arenaProgress. */
    advance(arena: ArenaSummary): void {
      const index = arenas.findIndex((a) => a.arenaId === arena.arenaId);
      if (index >= 0) arenas[index] = arena;
      emit('search:arenaProgress', { arena });
    },
  };
}

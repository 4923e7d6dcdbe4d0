// Each event's rule for a page that reads too slowly: what shares a key, and what a merge keeps.
import { describe, expect, it } from 'vitest';
import type { EventPayload } from './contract';
import { coalescePayloads, coalescingKey, eventCoalescing } from './event-coalescing';
import { events } from './contract';

const step = (n: number) => ({ step: n, epoch: 1, loss: 1 / n, learningRate: 0.1 });
const trial = (index: number, status: string) => ({ index, status });

describe('event coalescing', () => {
  it('has a rule (or keeps every event) for each event of the contract', () => {
    expect(Object.keys(eventCoalescing).sort()).toEqual(Object.keys(events).sort());
  });

  it('keys run events by run, searches by search, arenas by arena; keeps every log line and menu action', () => {
    expect(coalescingKey('training:state', { run: { runId: 'run-1' } })).toBe(coalescingKey('training:state', { run: { runId: 'run-1' } }));
    expect(coalescingKey('training:state', { run: { runId: 'run-1' } })).not.toBe(coalescingKey('training:state', { run: { runId: 'run-2' } }));
    expect(coalescingKey('training:progress', { runId: 'run-1' })).not.toBe(coalescingKey('training:state', { run: { runId: 'run-1' } }));
    expect(coalescingKey('search:progress', { search: { searchId: 'search-1' } })).not.toBe(coalescingKey('search:progress', { search: { searchId: 'search-2' } }));
    expect(coalescingKey('search:arenaProgress', { arena: { arenaId: 'arena-1' } })).not.toBe(coalescingKey('search:arenaProgress', { arena: { arenaId: 'arena-2' } }));
    expect(coalescingKey('app:log', { level: 'info', message: 'x' })).toBeNull();
    expect(coalescingKey('app:menu', { action: 'save' })).toBeNull();
  });

  it("merges a search's changed trials (the newer version of each) under its latest summary", () => {
    const merged = coalescePayloads(
      'search:progress',
      { search: { searchId: 's', done: 1 }, trials: [trial(0, 'running'), trial(1, 'running')] },
      { search: { searchId: 's', done: 2 }, trials: [trial(1, 'completed'), trial(2, 'running')] },
    ) as EventPayload<'search:progress'>;
    expect(merged).toEqual({ search: { searchId: 's', done: 2 }, trials: [trial(0, 'running'), trial(1, 'completed'), trial(2, 'running')] });
  });

  it("keeps a run's reports and changes from both progress messages and the newer's steps (the page fetches the gap)", () => {
    const older = { runId: 'r', fromStep: 1, steps: [step(1), step(2)], reports: [{ kind: 'epoch', step: 2 }], interventions: [{ step: 1, changes: { learningRate: 0.5 } }], visuals: { step: 2 }, state: 'running', step: 2, epoch: 1 };
    const newer = { runId: 'r', fromStep: 3, steps: [step(3)], reports: [], interventions: [], visuals: null, state: 'running', step: 3, epoch: 1 };
    expect(coalescePayloads('training:progress', older, newer)).toEqual({ ...newer, reports: older.reports, interventions: older.interventions, visuals: older.visuals });
  });

  it('merges changed names and run ids', () => {
    expect(coalescePayloads('designs:changed', { names: ['a', 'b'] }, { names: ['b', 'c'] })).toEqual({ names: ['a', 'b', 'c'] });
    expect(coalescePayloads('history:changed', { runIds: ['run-1'] }, { runIds: ['run-2'] })).toEqual({ runIds: ['run-1', 'run-2'] });
    // A state replaces the older one outright.
    expect(coalescePayloads('training:state', { run: { runId: 'r', state: 'running' } }, { run: { runId: 'r', state: 'stopped' } })).toEqual({ run: { runId: 'r', state: 'stopped' } });
  });
});

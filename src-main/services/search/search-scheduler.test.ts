/**
 * The scheduler's decisions on a real database, with an executor that replays scripted dev
 * accuracies (training itself is tested elsewhere; search-workers.test.ts runs real workers):
 * never more than plan.parallel trials at once, a step budget spent exactly and never exceeded,
 * successive halving stopping exactly the trials the ASHA rule names, the same seed giving the
 * same trials, coarse-to-fine lineage, stopping, and refusals that write nothing.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CommandError, type EventPayload } from '@shared/api';
import { narrowAroundTop } from '@shared/search/api';
import { openDatabase, type SqliteDatabase } from '../history/database';
import { tempFolder } from '../history/test-files';
import { moonsSearch, ScriptedExecutor, type Script } from './search-fixtures';
import { SearchService } from './search-service';

const folder = tempFolder();
afterAll(() => folder.remove());
let open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});

function service(script: Script, epochMs = 2) {
  const opened = openDatabase(folder.file(`s-${Math.random().toString(36).slice(2)}.db`));
  if (!opened.ok) throw new Error(opened.message);
  open.push(opened.db);
  const executor = new ScriptedExecutor(script, epochMs);
  const events: EventPayload<'search:progress'>[] = [];
  const search = new SearchService({ db: opened.db, executor, emit: (event, payload) => event === 'search:progress' && events.push(payload as EventPayload<'search:progress'>), progressIntervalMs: 10 });
  return { search, executor, db: opened.db, events };
}

const flat = (accuracy: number) => () => [accuracy];

describe('the search scheduler', () => {
  it('never has more than plan.parallel trials submitted at once, and ends completed when every trial has', async () => {
    const { search, executor } = service(flat(0.8));
    const started = await search.start(moonsSearch({ trials: 7, parallel: 3, epochs: 3, seed: 4 }));
    expect(started).toMatchObject({ status: 'running', done: 0, plan: { trials: 7, parallel: 3 } });
    const ended = await search.waitFor(started.searchId);
    expect(executor.maxRunning).toBe(3);
    expect(executor.submitted.map((job) => job.key)).toEqual(Array.from({ length: 7 }, (_, i) => `${started.searchId}#${i}`));
    expect(ended).toMatchObject({ status: 'completed', done: 7, steps: 7 * 3 * 10 });
    expect(ended.best).toEqual({ index: 0, runId: expect.stringMatching(/^run-/), metric: 0.8 });
    const detail = search.get({ searchId: started.searchId });
    expect(detail.trials.every((trial) => trial.status === 'completed' && trial.epochs === 3 && trial.steps === 30 && trial.worker === 'scripted')).toBe(true);
  });

  it('respects the step budget exactly: trials fit while it lasts, the last is cut to what is left, the rest end "budget" untrained', async () => {
    const { search, executor } = service(flat(0.7));
    // 40 steps a trial (4 epochs × 160 rows / 16); 130 steps: three whole trials, 10 steps of a fourth, none of a fifth.
    const { searchId } = await search.start(moonsSearch({ trials: 5, parallel: 2, epochs: 4, budgetSteps: 130 }));
    const ended = await search.waitFor(searchId);
    const trials = search.get({ searchId }).trials.sort((a, b) => a.index - b.index);
    expect(trials.map((trial) => [trial.status, trial.steps])).toEqual([
      ['completed', 40],
      ['completed', 40],
      ['completed', 40],
      ['budget', 10],
      ['budget', 0],
    ]);
    expect(ended.steps).toBe(130);
    expect(executor.submitted.map((job) => job.stepLimit)).toEqual([40, 40, 40, 10]);
    expect(trials[4]!.error).toMatch(/step budget was spent/);
  });

  it('prunes by successive halving exactly the trials the ASHA rule names, at the first rung', async () => {
    // eta 3, rungs at epochs 1 and 3 of 9; one trial at a time, so the arrival order is the index order.
    const accuracies = [0.6, 0.9, 0.5, 0.95, 0.7, 0.4];
    const { search } = service((index) => [accuracies[index]!]);
    const { searchId } = await search.start(moonsSearch({ trials: 6, parallel: 1, epochs: 9, halving: { eta: 3, minEpochs: 1 } }));
    await search.waitFor(searchId);
    const trials = search.get({ searchId }).trials;
    const byIndex = trials.sort((a, b) => a.index - b.index).map((trial) => [trial.status, trial.epochs, trial.rung]);
    // 0.5 is beaten by two of three at rung 1; 0.7 by two of five (⌈5/3⌉ = 2); 0.4 by five of six.
    expect(byIndex).toEqual([
      ['completed', 9, 2],
      ['completed', 9, 2],
      ['pruned', 1, 1],
      ['completed', 9, 2],
      ['pruned', 1, 1],
      ['pruned', 1, 1],
    ]);
    expect(search.get({ searchId }).trials.map((trial) => trial.index)).toEqual([3, 1, 4, 0, 2, 5]);
  });

  it('keeps each trial at its best epoch (dev accuracy: higher is better) and ranks trials best first', async () => {
    const { search } = service((index) => (index === 0 ? [0.5, 0.9, 0.6] : [0.7, 0.8, 0.85]));
    const { searchId } = await search.start(moonsSearch({ trials: 2, epochs: 3 }));
    const ended = await search.waitFor(searchId);
    const trials = search.get({ searchId }).trials;
    expect(trials.map((trial) => [trial.index, trial.metric])).toEqual([
      [0, 0.9],
      [1, 0.85],
    ]);
    expect(ended.best).toMatchObject({ index: 0, metric: 0.9 });
  });

  it('draws the same trials from the same seed, and others from another seed', async () => {
    const { search } = service(flat(0.5));
    const space = { learningRate: { kind: 'log', min: 1e-4, max: 1e-1 }, hiddenUnits: { kind: 'int', min: 2, max: 16 } } as const;
    const params = async (seed: number) => {
      const { searchId } = await search.start(moonsSearch({ trials: 5, epochs: 1, seed }, space));
      await search.waitFor(searchId);
      return search.get({ searchId }).trials.sort((a, b) => a.index - b.index).map((trial) => trial.params);
    };
    const first = await params(7);
    expect(await params(7)).toEqual(first);
    expect(await params(8)).not.toEqual(first);
    expect(new Set(first.map((p) => p.learningRate)).size).toBe(5);
  });

  it('records a coarse-to-fine child with its parent, the child searching the narrowed space it was given', async () => {
    const { search } = service((index) => [0.5 + index / 20]);
    const parent = await search.start(moonsSearch({ trials: 6, epochs: 1, seed: 3 }));
    await search.waitFor(parent.searchId);
    const detail = search.get({ searchId: parent.searchId });
    const narrowed = narrowAroundTop(detail.space, detail.trials, detail.summary.metric, 2);
    const child = await search.start(moonsSearch({ trials: 3, epochs: 1 }, narrowed, { parentId: parent.searchId }));
    await search.waitFor(child.searchId);
    expect(child.parentId).toBe(parent.searchId);
    expect(search.get({ searchId: parent.searchId }).children).toEqual([child.searchId]);
    const childDetail = search.get({ searchId: child.searchId });
    expect(childDetail.space).toEqual(narrowed);
    const lr = narrowed.learningRate as { min: number; max: number };
    expect(childDetail.trials.every((trial) => (trial.params.learningRate as number) >= lr.min && (trial.params.learningRate as number) <= lr.max)).toBe(true);
    expect(search.list().searches.map((s) => s.searchId)).toEqual([child.searchId, parent.searchId]);
  });

  it('stops one trial, then the whole search: waiting trials end stopped untrained, the search ends stopped', async () => {
    const { search } = service(flat(0.6), 15);
    const { searchId } = await search.start(moonsSearch({ trials: 5, parallel: 1, epochs: 50 }));
    const waiting = await search.stopTrial({ searchId, index: 3 });
    expect(waiting).toMatchObject({ index: 3, status: 'stopped', steps: 0, runId: null });
    const running = await search.stopTrial({ searchId, index: 0 });
    expect(running.status).toBe('stopped');
    expect(running.epochs).toBeLessThan(50);
    const stopped = await search.stop({ searchId });
    expect(stopped.status).toBe('stopped');
    expect(stopped.done).toBe(5);
    const statuses = search.get({ searchId }).trials.sort((a, b) => a.index - b.index).map((trial) => trial.status);
    expect(statuses).toEqual(['stopped', 'stopped', 'stopped', 'stopped', 'stopped']);
    await expect(search.resume({ searchId })).rejects.toThrow(/only an interrupted search/);
  });

  it('sends search:progress with the summary and the trials that changed, the last one with the ended search', async () => {
    const { search, events } = service(flat(0.6));
    const { searchId } = await search.start(moonsSearch({ trials: 3, epochs: 2 }));
    await search.waitFor(searchId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)!.search).toMatchObject({ searchId, status: 'completed', done: 3 });
    const seen = new Set(events.flatMap((event) => event.trials.map((trial) => trial.index)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('refuses what cannot be searched, with a sentence, and writes nothing', async () => {
    const { search, db, executor } = service(flat(0.5));
    const refusal = async (input: ReturnType<typeof moonsSearch>) => {
      const error = await search.start(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommandError);
      return (error as CommandError).message;
    };
    expect(await refusal(moonsSearch({ trials: 2, epochs: 1 }, { learningRate: { kind: 'log', min: 0.1, max: 0.001 } }))).toMatch(/search space cannot be searched: .*learning rate/i);
    expect(await refusal(moonsSearch({ trials: 2, epochs: 1 }, { keepProb: { kind: 'linear', min: 0.5, max: 0.9 } }))).toMatch(/cannot apply to this design \(trial 0: keepProb = .*\): .*dropout/i);
    expect(await refusal(moonsSearch({ trials: 2, epochs: 1 }, undefined, { parentId: 'search-404' }))).toMatch(/There is no search search-404/);
    expect(await refusal({ ...moonsSearch({ trials: 2, epochs: 1 }), design: { nodes: [], edges: [] } })).toMatch(/design cannot be trained/);
    expect(db.prepare('SELECT count(*) FROM searches').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM trials').pluck().get()).toBe(0);
    expect(executor.submitted).toEqual([]);
  });
});

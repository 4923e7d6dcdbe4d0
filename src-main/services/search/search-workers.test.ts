/**
 * Searches through real training workers (LocalTrialExecutor over the TrainingService, runs
 * recorded in the same SQLite file): the parallel bound seen in the runs' own states, a step budget
 * the runs' recorded steps add up to exactly, successive halving decided on real dev accuracies,
 * and the winner a run that opens like any other.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../history/database';
import { SqliteRunStore } from '../history/sqlite-run-store';
import { tempFolder } from '../history/test-files';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { LocalTrialExecutor } from './local-executor';
import { moonsSearch } from './search-fixtures';
import { SearchService } from './search-service';

const folder = tempFolder();
afterAll(() => folder.remove());
let services: TrainingService[] = [];
afterEach(async () => {
  for (const service of services) await service.dispose();
  services = [];
});

function searchOnWorkers(maxConcurrent: number) {
  const opened = openDatabase(folder.file(`w-${services.length}.db`));
  if (!opened.ok) throw new Error(opened.message);
  const store = new SqliteRunStore(opened.db);
  const training = new TrainingService({ emit: () => {}, store, worker: sourceWorkerEntry(), maxConcurrent });
  services.push(training);
  const running = new Set<string>();
  const seen = { maxRunning: 0 };
  training.observe({
    onState: (run) => {
      if (run.state === 'running') running.add(run.runId);
      else running.delete(run.runId);
      seen.maxRunning = Math.max(seen.maxRunning, running.size);
    },
  });
  const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {} });
  return { search, training, store, seen, db: opened.db };
}

describe('a search on real workers', () => {
  it('trains 4 trials on moons never more than 2 at once (with 3 worker slots), and its winner is a recorded run', async () => {
    const { search, training, store, seen } = searchOnWorkers(3);
    const { searchId } = await search.start(moonsSearch({ trials: 4, parallel: 2, epochs: 3, seed: 11 }));
    const ended = await search.waitFor(searchId);
    expect(seen.maxRunning).toBe(2);
    expect(ended).toMatchObject({ status: 'completed', done: 4, steps: 4 * 30 });
    const { trials } = search.get({ searchId });
    expect(trials.every((trial) => trial.status === 'completed' && trial.steps === 30 && trial.worker === 'local' && trial.metric !== null)).toBe(true);
    expect(new Set(trials.map((trial) => trial.runId)).size).toBe(4);
    const best = ended.best!;
    expect(best.runId).toBe(trials[0]!.runId);
    expect(best.metric).toBe(Math.max(...trials.map((trial) => trial.metric!)));
    store.flush();
    const winner = training.get({ runId: best.runId! });
    expect(winner.run).toMatchObject({ state: 'completed', step: 30, epochs: 3 });
    expect(winner.run.label).toContain(`${searchId} · trial ${best.index}`);
  }, 60_000);

  it('spends a step budget exactly: the runs recorded add up to it and the cut trial stops at its allowance', async () => {
    const { search, training, store } = searchOnWorkers(2);
    // 30 steps a trial: two whole trials, 15 steps of a third, none of a fourth.
    const { searchId } = await search.start(moonsSearch({ trials: 4, parallel: 2, epochs: 3, budgetSteps: 75 }));
    const ended = await search.waitFor(searchId);
    expect(ended.steps).toBe(75);
    const trials = search.get({ searchId }).trials.sort((a, b) => a.index - b.index);
    expect(trials.map((trial) => [trial.status, trial.steps])).toEqual([
      ['completed', 30],
      ['completed', 30],
      ['budget', 15],
      ['budget', 0],
    ]);
    store.flush();
    const recorded = trials.filter((trial) => trial.runId).map((trial) => training.get({ runId: trial.runId! }).run.step);
    expect(recorded).toEqual([30, 30, 15]);
    expect(trials[3]!.runId).toBeNull();
  }, 60_000);

  it('prunes by successive halving on real dev accuracies: exactly the trials beaten at a rung by ⌈n/eta⌉ of the n that had reached it', async () => {
    const { search, db } = searchOnWorkers(1);
    // eta 2, rungs at epochs 1 and 2 of 4; one at a time, so trials reach each rung in index order; learning rates far apart.
    const space = { learningRate: { kind: 'log', min: 1e-5, max: 1 } } as const;
    const { searchId } = await search.start(moonsSearch({ trials: 5, parallel: 1, epochs: 4, seed: 5, halving: { eta: 2, minEpochs: 1 } }, space));
    await search.waitFor(searchId);
    const trials = search.get({ searchId }).trials.sort((a, b) => a.index - b.index);
    // The metric each trial had at each rung it reached (its best dev accuracy so far), as recorded.
    const recorded = db.prepare('SELECT trial, rung_values FROM trials WHERE search_id = ? ORDER BY trial').all(searchId) as { trial: number; rung_values: string }[];
    const atRungs = recorded.map((row) => new Map(JSON.parse(row.rung_values) as [number, number][]));
    // The ASHA rule, replayed by hand: at a rung, a trial goes on while fewer than ⌈n/2⌉ of the n arrived so far beat it.
    const arrived = new Map<number, number[]>([
      [1, []],
      [2, []],
    ]);
    const expected = trials.map((trial) => {
      for (const rung of [1, 2]) {
        const value = atRungs[trial.index]!.get(rung);
        if (value === undefined) break;
        const others = arrived.get(rung)!;
        others.push(value);
        const n = others.length;
        const better = others.filter((theirs) => theirs > value).length;
        if (n >= 2 && better >= Math.ceil(n / 2)) return 'pruned';
      }
      return 'completed';
    });
    expect(trials.map((trial) => trial.status)).toEqual(expected);
    expect(expected).toContain('pruned');
    expect(expected).toContain('completed');
    // A trial that went on was measured at both rungs; a pruned one stopped before its last epoch.
    for (const trial of trials.filter((t) => t.status === 'completed')) expect([...atRungs[trial.index]!.keys()]).toEqual([1, 2]);
    // (How many epochs a pruned trial got is not asserted: a 4-epoch run on moons often finishes before the
    // stop reaches its worker. That the stop ends a run early is tested by the scheduler tests and the executor's.)
  }, 60_000);
});

/**
 * The arena with real workers and a real database: both sides spend exactly the budget (steps
 * counted from the runs the training service recorded, not from the arena's own tally), panda's
 * scripted babysitter acts on a run whose α is too high (its changes are the run's interventions),
 * the result is kept and reads back the same after the database is reopened, and an arena a crash
 * left running reads back 'interrupted'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, type ArenaSummary, type ComputePoint } from '@shared/api';
import { openRunStore } from '../history/open-run-store';
import { courseNet, EventRecorder, regressionNet } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { ArenaService } from './arena';
import { LocalTrialExecutor } from './local-executor';
import { SearchService } from './search-service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openArena(file: string) {
  const opened = openRunStore(file);
  if (!opened.ok) throw new Error(opened.message);
  const recorder = new EventRecorder();
  const training = new TrainingService({ emit: recorder.emit, store: opened.store, worker: sourceWorkerEntry(), maxConcurrent: 3 });
  const executor = new LocalTrialExecutor(training);
  const arenas = new ArenaService({
    db: opened.db,
    training,
    executor,
    createSearch: (over) => new SearchService({ db: opened.db, executor: over, emit: recorder.emit }),
    emit: recorder.emit,
    log: () => {},
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    arenas.dispose();
    await training.dispose();
  };
  cleanups.push(close);
  return { arenas, training, recorder, db: opened.db, close };
}

function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deepwire-arena-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'deepwire.db');
}

/** Moons of 200 points (160 training rows, batches of 16: 10 steps an epoch). */
function moonsArena(budgetSteps: number, overrides: { learningRate?: number; patience?: number; halving?: boolean; trials?: number } = {}) {
  return commands['search:arena'].request.parse({
    design: courseNet(),
    settings: {
      data: { kind: 'moons', samples: 200, noise: 0.1 },
      settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: overrides.learningRate ?? 0.01, batchSize: 16, epochs: 1 },
      seeds: { data: 1, model: 2 },
      backend: 'ts',
    },
    budgetSteps,
    parallel: 2,
    seed: 3,
    caviar: { space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-1 } }, trials: overrides.trials ?? 4, halving: overrides.halving ?? false },
    panda: { patience: overrides.patience ?? 3, factor: 0.5, rollbackOnDivergence: true },
  });
}

/** The steps the training service recorded for these runs (each run's last step). */
function recordedSteps(training: TrainingService, runIds: readonly string[]): number {
  return runIds.reduce((sum, runId) => sum + training.get({ runId, limit: 1 }).run.step, 0);
}

function expectRisingCurve(curve: readonly ComputePoint[], budget: number): void {
  expect(curve.length).toBeGreaterThan(1);
  for (let i = 1; i < curve.length; i++) {
    expect(curve[i]!.steps).toBeGreaterThan(curve[i - 1]!.steps);
    // dev accuracy: the best so far never falls
    if (curve[i - 1]!.bestDev !== null) expect(curve[i]!.bestDev!).toBeGreaterThanOrEqual(curve[i - 1]!.bestDev!);
  }
  expect(curve.at(-1)!.steps).toBe(budget);
}

describe('the strategy arena', () => {
  it('gives both sides exactly the budget when there is work left to spend it on, and names a winner', async () => {
    const { arenas, training, recorder } = openArena(scratchFile());
    // 4 trials of ⌈205 / 4⌉ steps → 6 epochs (60 steps) each: 240 wanted, so the budget cuts the last.
    const budget = 205;
    const started = await arenas.start(moonsArena(budget));
    expect(started.status).toBe('running');
    const result = await arenas.waitFor(started.arenaId);

    expect(result.status).toBe('completed');
    expect(result.metric).toBe('dev-accuracy');
    for (const side of [result.panda, result.caviar]) {
      expect(side.steps).toBe(budget);
      expect(recordedSteps(training, side.runIds)).toBe(budget);
      expectRisingCurve(side.curve, budget);
      expect(side.bestDev).toBe(Math.max(...side.curve.map((point) => point.bestDev ?? 0)));
    }
    expect(result.panda.runIds).toHaveLength(1);
    expect(result.caviar.runIds.length).toBeGreaterThanOrEqual(4);
    expect(result.searchId).toMatch(/^search-/);
    expect(result.winner).not.toBeNull();
    expect(result.verdict).toMatch(/^(panda|caviar) by [\d.]+ points of dev accuracy, reached at [\d,]+ of 205 steps$|^a tie/);
    // The app hears the end too.
    const last = recorder.events.filter((e) => e.event === 'search:arenaProgress').at(-1)!.payload as { arena: ArenaSummary };
    expect(last.arena).toEqual(result);
  }, 60_000);

  it('with successive halving, caviar still spends exactly the budget: its winner trains on with the steps pruned trials gave back', async () => {
    const { arenas, training } = openArena(scratchFile());
    // 6 trials of ⌈360 / 6⌉ = 60 steps (6 epochs), 2 at once, rungs at 1 and 3 epochs: losers stop early, and once
    // every trial has started nobody else can take their steps but the winner. Which trials halving stops depends on
    // the order two parallel trials reach a rung, so some runs leave nothing over; the budget holds either way.
    const budget = 360;
    const result = await arenas.waitFor((await arenas.start(moonsArena(budget, { trials: 6, halving: true }))).arenaId);
    expect(result.status).toBe('completed');
    expect(result.caviar.steps).toBe(budget);
    expect(recordedSteps(training, result.caviar.runIds)).toBe(budget);
    expectRisingCurve(result.caviar.curve, budget);
    const continued = result.caviar.log.find((line) => /step\(s\) were left \(pruned trials gave them back\): trial \d+ trains on with them as run-\d+\.$/.test(line));
    // When halving pruned something after the last trial started, the winner went on from its kept model.
    if (continued) {
      const runId = /as (run-\d+)\.$/.exec(continued)![1]!;
      expect(training.get({ runId, limit: 1 }).run.continuedFrom).toBeDefined();
    }
  }, 60_000);

  it('never lets a side spend more than the budget, even when its plan wants more', async () => {
    const { arenas, training } = openArena(scratchFile());
    // Not a multiple of an epoch (10 steps) for panda, nor of a trial's share for caviar.
    const budget = 37;
    const result = await arenas.waitFor((await arenas.start(moonsArena(budget, { trials: 3 }))).arenaId);
    expect(result.panda.steps).toBe(budget);
    expect(result.caviar.steps).toBe(budget);
    expect(recordedSteps(training, result.panda.runIds)).toBe(budget);
    expect(recordedSteps(training, result.caviar.runIds)).toBe(budget);
  }, 60_000);

  it("panda's babysitter lowers α when it is too high: logged, and kept as the run's interventions", async () => {
    const { arenas, training } = openArena(scratchFile());
    // Adam at α = 0.5 bounces around on moons: with patience 1 the first epoch without a better dev loss
    // (epoch 2 here, deterministic) halves α. The run waits after each epoch for its babysitter, so each change
    // applies from the first step after the epoch it was decided on, however fast the run trains.
    const budget = 400;
    const result = await arenas.waitFor((await arenas.start(moonsArena(budget, { learningRate: 0.5, patience: 1, trials: 1 }))).arenaId);
    const applied = result.panda.log.filter((line) => /α [\d.e+-]+ → [\d.e+-]+ \(from step \d+\)\.$/.test(line));
    expect(applied[0]).toMatch(/^epoch 2 \(step 20\): The dev loss has not improved for 1 epoch .* — α 0\.5 → 0\.25 \(from step 20\)\.$/);
    for (const line of applied) expect(/from step (\d+)/.exec(line)![1]).toBe(/^epoch \d+ \(step (\d+)\)/.exec(line)![1]);
    const run = training.get({ runId: result.panda.runIds[0]!, limit: 1 }).run;
    // Each logged change (α to 3 significant digits) is one of the run's interventions, in order, at the step the log names.
    expect(run.interventions.map((intervention) => Number(intervention.changes.learningRate!.toPrecision(3)))).toEqual(applied.map((line) => Number(/→ ([\d.e+-]+)/.exec(line)![1])));
    expect(run.interventions.map((intervention) => intervention.step)).toEqual(applied.map((line) => Number(/from step (\d+)/.exec(line)![1])));
    expect(result.panda.steps).toBe(budget);
  }, 60_000);

  it('rolls a diverged run back to its last checkpoint with α × factor; the branch spends the rest of the budget', async () => {
    const { arenas, training } = openArena(scratchFile());
    // Plain GD at α = 0.6 on this regression (48 training rows, batches of 16: 3 steps an epoch) diverges in
    // its 4th epoch; a 30-step budget is 10 epochs, so a checkpoint is kept after every epoch before that.
    const rows = Array.from({ length: 64 }, (_, i) => `${Math.sin(i)},${Math.cos(3 * i)},${(10 * Math.sin(7 * i)).toFixed(3)}`);
    const budget = 30;
    const request = commands['search:arena'].request.parse({
      design: regressionNet(),
      settings: {
        data: { kind: 'csv-text', name: 'waves.csv', text: ['a,b,y', ...rows].join('\n') },
        split: { train: 0.75, dev: 0.25, test: 0 },
        settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 0.6, batchSize: 16, epochs: 1 },
        seeds: { data: 1, model: 1 },
        backend: 'ts',
      },
      budgetSteps: budget,
      caviar: { space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 } }, trials: 2, halving: false },
      panda: { patience: 50, factor: 0.5, rollbackOnDivergence: true },
    });
    const result = await arenas.waitFor((await arenas.start(request)).arenaId);
    expect(result.metric).toBe('dev-loss');
    const runs = result.panda.runIds.map((runId) => training.get({ runId, limit: 1 }).run);
    const first = runs[0]!;
    expect(first.state).toBe('diverged');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // The first rollback: to a checkpoint before the epoch it diverged in, α halved, the branch started with it.
    const rollback = /rolled (run-\d+) back to epoch (\d+) with α 0\.6 → 0\.3, as (run-\d+) \((\d+) steps left\)/.exec(result.panda.log.join('\n'))!;
    expect(rollback).not.toBeNull();
    expect(rollback[1]).toBe(first.runId);
    expect(Number(rollback[2])).toBeLessThan(first.epoch);
    expect(rollback[3]).toBe(runs[1]!.runId);
    expect(Number(rollback[4])).toBe(budget - first.step);
    expect(runs[1]!.label).toMatch(new RegExp(`\\(branch from epoch ${rollback[2]}\\)$`));
    expect(runs[1]!.settings.settings.learningRate).toBe(0.3);
    // Every step of every run counts as spent (the diverged ones too); the last branch takes exactly what was left.
    expect(runs.reduce((sum, run) => sum + run.step, 0)).toBe(budget);
    expect(result.panda.steps).toBe(budget);
    expect(result.panda.bestDev).not.toBeNull();
  }, 60_000);

  it('keeps arenas in history: a finished one reads back the same after a restart, one left running reads back interrupted', async () => {
    const file = scratchFile();
    const first = openArena(file);
    const result = await first.arenas.waitFor((await first.arenas.start(moonsArena(40, { trials: 2 }))).arenaId);
    // A second arena, left 'running' as a crash would leave it.
    first.db
      .prepare('INSERT INTO arenas (id, status, created_at, ended_at, request, result) VALUES (?, ?, ?, ?, ?, ?)')
      .run('arena-9', 'running', '2030-01-01T00:00:00.000Z', null, '{}', JSON.stringify({ ...result, arenaId: 'arena-9', status: 'running', createdAt: '2030-01-01T00:00:00.000Z', winner: null, verdict: null }));
    await first.close();

    const second = openArena(file);
    expect(second.arenas.arenaGet({ arenaId: result.arenaId })).toEqual(result);
    const { arenas } = second.arenas.arenaList();
    expect(arenas.map((arena) => [arena.arenaId, arena.status])).toEqual([
      ['arena-9', 'interrupted'],
      [result.arenaId, 'completed'],
    ]);
    expect(() => second.arenas.arenaGet({ arenaId: 'arena-404' })).toThrow(/There is no arena arena-404/);
  }, 60_000);

  it('refuses, recording nothing, a space that cannot be searched or a design that does not fit the data', async () => {
    const { arenas } = openArena(scratchFile());
    const badSpace = { ...moonsArena(50), caviar: { space: { learningRate: { kind: 'log' as const, min: 1, max: 1e-3 } }, trials: 2, halving: false } };
    await expect(arenas.start(badSpace)).rejects.toMatchObject({ code: 'invalid_request' });
    const wrongData = { ...moonsArena(50), settings: { ...moonsArena(50).settings, data: { kind: 'iris' as const } } };
    await expect(arenas.start(wrongData)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/arena cannot start/) });
    expect(arenas.arenaList().arenas).toEqual([]);
  }, 30_000);
});

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSettings, type RunSummary, type RunVisuals, type StepPoint, type TrainingProgress } from '@shared/api';
import { openDatabase } from './database';
import { readReports } from './report-chunks';
import { diskFullMessage, SqliteRunStore } from './sqlite-run-store';
import { readSteps, storedStepCount } from './step-chunks';
import { tempFolder } from './test-files';
import { stepColumnsOf } from '@shared/training/step-columns';

let folder = tempFolder();
const stores: SqliteRunStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  folder.remove();
  folder = tempFolder();
});

function openStore(file = folder.file('deepwire.db'), options: { now?: () => Date } = {}): SqliteRunStore {
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.message);
  // A long interval: these tests decide when to flush.
  const store = new SqliteRunStore(opened.db, { flushIntervalMs: 60_000, ...options });
  stores.push(store);
  return store;
}

function reopen(store: SqliteRunStore): SqliteRunStore {
  store.close();
  stores.splice(stores.indexOf(store), 1);
  return openStore();
}

const settings = RunSettings.parse({
  data: { kind: 'csv-text', name: 'xor.csv', text: 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n', label: 'y' },
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, learningRate: 0.01, batchSize: 2, epochs: 3 },
  seeds: { data: 7, model: 11 },
});

function summary(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    label: 'XOR net on xor.csv',
    state: 'running',
    createdAt: '2026-12-02T00:00:00.000Z',
    dataset: 'xor.csv',
    settings,
    parameters: 17,
    epoch: 0,
    epochs: 3,
    step: 0,
    totalSteps: 6,
    stepsPerSecond: null,
    train: null,
    dev: null,
    result: null,
    test: null,
    error: null,
    warnings: ['tiny data set'],
    interventions: [],
    ...overrides,
  };
}

const point = (step: number, loss: number | null = 1 / step): StepPoint => ({ step, epoch: Math.ceil(step / 2), loss, learningRate: 0.01 });
const report = (kind: 'step' | 'epoch', epoch: number, step: number, dev: TrainingProgress['dev']): TrainingProgress => ({
  kind,
  epoch,
  step,
  stepsPerEpoch: 2,
  loss: 0.5 / epoch,
  smoothedLoss: 0.6 / epoch,
  learningRate: 0.01,
  train: { loss: 0.4 / epoch, accuracy: 0.75 },
  dev,
  sampled: kind === 'step',
  norms: [{ name: 'dense1.W', layer: 'dense1', gradNorm: 0.1, weightNorm: 2 }],
});
const visuals: RunVisuals = { step: 6, epoch: 3, boundary: null, confusion: { classNames: ['0', '1'], counts: [[1, 0], [0, 1]] }, gallery: null };

/** A whole run through the store as the service records one: start, steps, reports, a change, visuals, end. */
function recordRun(store: SqliteRunStore, runId: string): RunSummary {
  store.saveSummary(summary(runId, { state: 'queued' }));
  store.saveDesign(runId, 'XOR net', { nodes: [{ id: 'in' }], edges: [] });
  store.saveSummary(summary(runId));
  store.appendSteps(runId, stepColumnsOf([point(1), point(2), point(3)]));
  store.appendReports(runId, [report('epoch', 1, 2, { loss: 0.7, accuracy: 0.5 })]);
  store.appendInterventions(runId, [{ step: 3, changes: { learningRate: 0.005, beta1: 0.8 } }]);
  store.appendInterventions(runId, [{ step: 4, changes: { learningRate: 0.001 } }]);
  store.appendSteps(runId, stepColumnsOf([point(4), point(5), point(6)]));
  store.appendReports(runId, [report('step', 3, 5, null), report('epoch', 2, 4, { loss: 0.6, accuracy: 0.5 }), report('epoch', 3, 6, { loss: null, accuracy: null })]);
  store.saveVisuals(runId, visuals);
  const interventions = [
    { step: 3, changes: { learningRate: 0.005, beta1: 0.8 } },
    { step: 4, changes: { learningRate: 0.001 } },
  ];
  const final = summary(runId, { state: 'completed', epoch: 3, step: 6, train: { loss: 0.1, accuracy: 1 }, dev: { loss: 0.2, accuracy: 1 }, test: { loss: 0.3, accuracy: 0.5 }, interventions });
  store.saveSummary(final);
  return final;
}

describe('SqliteRunStore', () => {
  it('keeps every record of a run through close and reopen: summary, steps, reports, interventions with what they replaced, visuals, design', () => {
    let store = openStore();
    const final = recordRun(store, store.newRunId());
    expect(final.runId).toBe('run-1');
    const before = store.get('run-1')!;
    store = reopen(store);
    const after = store.get('run-1')!;
    expect(after).toEqual(before);
    expect(after.run).toEqual(final);
    expect(after.steps).toEqual([1, 2, 3, 4, 5, 6].map((step) => point(step)));
    // By step, the step-5 evaluation between the epoch reports of steps 4 and 6.
    expect(after.reports.map((r) => [r.kind, r.step])).toEqual([['epoch', 2], ['epoch', 4], ['step', 5], ['epoch', 6]]);
    expect(after.reports[0]).toEqual(report('epoch', 1, 2, { loss: 0.7, accuracy: 0.5 }));
    expect(after.reports[2]!.dev).toBeNull();
    expect(after.reports[3]!.dev).toEqual({ loss: null, accuracy: null });
    expect(after.visuals).toEqual(visuals);
    expect(store.list()).toEqual([final]);
    // learningRate was 0.01 in the settings, then 0.005; beta1 was the optimizer's 0.9.
    expect(store.interventions('run-1')).toEqual([
      { step: 3, changes: { learningRate: 0.005, beta1: 0.8 }, previous: { learningRate: 0.01, beta1: 0.9 } },
      { step: 4, changes: { learningRate: 0.001 }, previous: { learningRate: 0.005 } },
    ]);
    expect(store.design('run-1')).toEqual({ name: 'XOR net', version: 1, doc: { nodes: [{ id: 'in' }], edges: [] } });
    expect(store.dataset('run-1')).toEqual({ description: { kind: 'csv-text', name: 'xor.csv', label: 'y', chars: settings.data.kind === 'csv-text' ? settings.data.text.length : 0 }, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(store.timing('run-1')).toMatchObject({ startedAt: expect.any(String), endedAt: expect.any(String), durationMs: expect.any(Number) });
    // New ids continue after the ones in the file.
    expect(store.newRunId()).toBe('run-2');
  });

  it('keeps the same design once, and a changed one as its next version; a page CSV text once for many runs', () => {
    const store = openStore();
    recordRun(store, 'run-1');
    recordRun(store, 'run-2');
    store.saveSummary(summary('run-3', { state: 'queued' }));
    store.saveDesign('run-3', 'XOR net', { nodes: [], edges: [] });
    store.flush();
    expect([1, 2, 3].map((n) => store.design(`run-${n}`)?.version)).toEqual([1, 1, 2]);
    const db = new Database(folder.file('deepwire.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM dataset_texts').pluck().get()).toBe(1);
    expect(JSON.parse(db.prepare("SELECT settings FROM runs WHERE id = 'run-1'").pluck().get() as string).data.text).toBe('');
    db.close();
  });

  it('answers reads from the database plus what is not flushed yet, in pages that chain by nextStep', () => {
    const store = openStore();
    store.saveSummary(summary('run-1'));
    store.appendSteps('run-1', stepColumnsOf([point(1), point(2), point(3)]));
    store.flush();
    store.appendSteps('run-1', stepColumnsOf([point(4), point(5)]));
    store.appendReports('run-1', [report('epoch', 2, 4, null)]);
    const first = store.get('run-1', 1, 4)!;
    expect(first.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    expect(first.nextStep).toBe(5);
    expect(first.reports.map((r) => r.step)).toEqual([4]);
    expect(store.get('run-1', 5, 4)).toMatchObject({ steps: [point(5)], reports: [], nextStep: null });
    store.saveSummary(summary('run-2', { state: 'queued' }));
    expect(store.list().map((run) => run.runId)).toEqual(['run-2', 'run-1']);
  });

  it('keeps models, checkpoints, gradient checks, notes and tags', () => {
    let store = openStore();
    recordRun(store, 'run-1');
    store.saveModel('run-1', { layers: [{ kind: 'dense', W: [1, 2] }], normalization: { mean: [0], std: [1] } });
    store.saveCheckpoint('run-1', 2, 4, { weights: [3] });
    store.saveCheckpoint('run-1', 1, 2, { weights: [2] });
    const check = { relativeDifference: 1e-9, verdict: 'good' as const, explanation: 'fine', layers: [{ name: 'dense1', relativeDifference: 1e-9 }], worstLayer: 'dense1', rows: 4, sampled: [] };
    const id = store.saveGradcheck({ runId: 'run-1', design: { nodes: [] }, settings, result: check });
    store.setNotes('run-1', 'try a smaller rate');
    store.setTags('run-1', ['xor', 'adam', 'xor']);
    store = reopen(store);
    expect(store.model('run-1')).toEqual({ layers: [{ kind: 'dense', W: [1, 2] }], normalization: { mean: [0], std: [1] } });
    expect(store.checkpoints('run-1')).toEqual([{ epoch: 1, step: 2, doc: { weights: [2] } }, { epoch: 2, step: 4, doc: { weights: [3] } }]);
    expect(store.gradchecks('run-1')).toEqual([{ id, runId: 'run-1', createdAt: expect.any(String), result: check }]);
    expect(store.notes('run-1')).toBe('try a smaller rate');
    expect(store.tags('run-1')).toEqual(['adam', 'xor']);
  });

  it('keeps the engine that took a run\'s steps once its worker said, and reads it back after a reopen', () => {
    let store = openStore();
    store.saveSummary(summary('run-1'));
    store.saveSummary(summary('run-2', { state: 'completed' }));
    store.saveSummary(summary('run-1', { state: 'completed', backend: 'native' }));
    store.close();
    store = openStore();
    expect(store.summary('run-1')?.backend).toBe('native');
    // A run whose worker never said (or one recorded before engines were kept) has none.
    expect(store.summary('run-2')).not.toHaveProperty('backend');
    store.close();
    // An engine another version wrote reads as unknown: the run itself still reads.
    const raw = new Database(folder.file('deepwire.db'));
    raw.prepare("UPDATE runs SET backend = 'gpu' WHERE id = 'run-1'").run();
    raw.close();
    store = openStore();
    expect(store.summary('run-1')).toMatchObject({ runId: 'run-1', state: 'completed' });
    expect(store.summary('run-1')).not.toHaveProperty('backend');
    store.close();
  });

  it('writes NaN and ±Infinity as NULL, and a diverged run keeps its last finite metrics', async () => {
    const store = openStore();
    store.saveSummary(summary('run-1'));
    store.appendSteps('run-1', stepColumnsOf([point(1, 0.5), point(2, Number.NaN), point(3, Number.POSITIVE_INFINITY)]));
    store.appendReports('run-1', [{ ...report('epoch', 1, 2, { loss: Number.NEGATIVE_INFINITY, accuracy: 0.5 }), loss: Number.NaN }]);
    const lastFinite = { epoch: 1, train: { loss: 0.4, accuracy: 0.75 }, dev: { loss: 0.7, accuracy: 0.5 } };
    const result = { status: 'diverged' as const, epochs: 2, steps: 3, train: { loss: null, accuracy: 0.5 }, dev: null, bestEpoch: null, learningRate: 0.01, hint: 'lower the rate', diagnosis: null, adjustments: [], lastFinite };
    store.saveSummary(summary('run-1', { state: 'diverged', step: 3, epoch: 2, train: { loss: Number.NaN, accuracy: 0.5 }, result }));
    // A run that ends is written in the next turn of the event loop, without waiting for the timer.
    await new Promise((resolve) => setImmediate(resolve));
    const db = new Database(folder.file('deepwire.db'), { readonly: true });
    expect(readSteps(db, 'run-1').map((p) => ({ step: p.step, loss: p.loss }))).toEqual([{ step: 1, loss: 0.5 }, { step: 2, loss: null }, { step: 3, loss: null }]);
    expect(readReports(db, 'run-1')).toMatchObject([{ loss: null, dev: { loss: null, accuracy: 0.5 } }]);
    expect(db.prepare("SELECT status, train_loss, train_accuracy, dev_loss FROM runs").get()).toEqual({ status: 'diverged', train_loss: 0.4, train_accuracy: 0.75, dev_loss: 0.7 });
    // No REAL column anywhere holds a NaN or an infinity (SQLite stores ±Inf as REAL; NaN as NULL).
    for (const table of ['runs']) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[]).filter((c) => c.type === 'REAL').map((c) => c.name);
      for (const column of columns) expect(db.prepare(`SELECT count(*) FROM ${table} WHERE abs(${column}) > 1e308`).pluck().get()).toBe(0);
    }
    db.close();
  });

  it('marks runs a crash left queued, running or paused interrupted when it reopens, with what they had written', () => {
    let store = openStore();
    for (const [runId, state] of [['run-1', 'queued'], ['run-2', 'running'], ['run-3', 'paused'], ['run-4', 'completed']] as const) {
      store.saveSummary(summary(runId, { state: 'running' }));
      store.appendSteps(runId, stepColumnsOf([point(1)]));
      store.saveSummary(summary(runId, { state }));
    }
    store.flush();
    // A crash: the process ends without close. In this same (live) process only the heartbeat's
    // age tells a crash from a run still training, so the second connection opens a minute later.
    stores.splice(0);
    store = openStore(undefined, { now: () => new Date(Date.now() + 60_000) });
    expect(store.interruptedAtOpen).toBe(3);
    expect(store.list().map((run) => [run.runId, run.state])).toEqual([['run-4', 'completed'], ['run-3', 'interrupted'], ['run-2', 'interrupted'], ['run-1', 'interrupted']]);
    expect(store.summary('run-2')!.error).toMatch(/closed or crashed.*running/);
    expect(store.get('run-2')!.steps).toEqual([point(1)]);
  });

  it('on SQLITE_FULL rolls the flush back, ends its runs failed with "disk full", tells the listener, and stays readable', () => {
    const store = openStore();
    store.saveSummary(summary('run-1'));
    store.appendSteps('run-1', stepColumnsOf([point(1)]));
    expect(store.flush()).toBe(true);
    const failed: string[][] = [];
    store.onRunsFailed((runIds, error) => failed.push([...runIds, error]));
    // The file cannot grow past its current size (max_page_count is per connection).
    const db = (store as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const many = Array.from({ length: 20_000 }, (_, i) => point(i + 2));
    store.appendSteps('run-1', stepColumnsOf(many));
    expect(store.flush()).toBe(false);
    expect(failed).toEqual([['run-1', diskFullMessage]]);
    expect(store.summary('run-1')).toMatchObject({ state: 'failed', error: diskFullMessage });
    // The failed flush wrote none of its steps; every step stays readable (the unwritten ones from memory).
    expect(storedStepCount(db)).toBe(1);
    const pages = [store.get('run-1')!, store.get('run-1', 20_001)!];
    expect(pages.map((page) => [page.steps.length, page.nextStep])).toEqual([[20_000, 20_001], [1, null]]);
    expect(store.list().map((run) => run.state)).toEqual(['failed']);
    expect(db.prepare("SELECT status FROM runs WHERE id = 'run-1'").pluck().get()).toBe('failed');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('SqliteRunStore: links between runs', () => {
  it('reads back a continuation and a branch with their links, and a fresh run with none', () => {
    let store = openStore();
    store.saveSummary(summary('run-1', { state: 'completed' }));
    store.saveSummary(summary('run-2', { state: 'completed', continuedFrom: 'run-1' }));
    store.saveSummary(summary('run-3', { state: 'stopped', continuedFrom: 'run-1', branchedAt: { epoch: 2, step: 4 } }));
    store.flush();
    store = reopen(store);
    expect(store.summary('run-1')).not.toHaveProperty('continuedFrom');
    expect(store.summary('run-2')).toMatchObject({ continuedFrom: 'run-1' });
    expect(store.summary('run-2')).not.toHaveProperty('branchedAt');
    expect(store.summary('run-3')).toMatchObject({ continuedFrom: 'run-1', branchedAt: { epoch: 2, step: 4 } });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { RunSettings, type RunState, type RunSummary, type TrainingProgress } from '@shared/api';
import { openDatabase, type SqliteDatabase } from './database';
import { listRuns, showRun } from './history-queries';
import { SqliteRunStore } from './sqlite-run-store';
import { tempFolder } from './test-files';
import { stepColumnsOf } from '@shared/training/step-columns';

let folder = tempFolder();
afterEach(() => {
  folder.remove();
  folder = tempFolder();
});

const settingsFor = (optimizer: 'adam' | 'gd', samples: number) =>
  RunSettings.parse({
    data: { kind: 'moons', samples, noise: 0.1 },
    settings: { initializer: { kind: 'he' }, optimizer: optimizer === 'adam' ? { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } : { kind: 'gd' }, learningRate: 0.01, batchSize: 2, epochs: 5 },
    seeds: { data: 1, model: 2 },
  });

const epochReport = (epoch: number, devAccuracy: number): TrainingProgress => ({
  kind: 'epoch',
  epoch,
  step: epoch * 2,
  stepsPerEpoch: 2,
  loss: 1 / epoch,
  smoothedLoss: 1.1 / epoch,
  learningRate: 0.01,
  train: { loss: 0.9 / epoch, accuracy: 0.5 + epoch / 20 },
  dev: { loss: 0.8 / epoch, accuracy: devAccuracy },
  sampled: false,
  norms: [],
});

interface Fixture {
  label: string;
  dataset: string;
  optimizer: 'adam' | 'gd';
  state: RunState;
  createdAt: string;
  /** Epochs recorded (of 5 planned). */
  epochs: number;
  tags: string[];
}

/** Records each run through SqliteRunStore as the training service does, then opens the file for the queries. */
function databaseWith(fixtures: Fixture[]): SqliteDatabase {
  const file = folder.file('deepwire.db');
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.message);
  // A clock that stands still: every run starts and ends at the same instant (duration 0), however loaded the machine.
  const store = new SqliteRunStore(opened.db, { flushIntervalMs: 60_000, now: () => new Date('2026-01-01T00:00:00.000Z') });
  for (const fixture of fixtures) {
    const runId = store.newRunId();
    const start: RunSummary = {
      runId, label: fixture.label, state: 'running', createdAt: fixture.createdAt, dataset: fixture.dataset, settings: settingsFor(fixture.optimizer, 100),
      parameters: 9, epoch: 0, epochs: 5, step: 0, totalSteps: 10, stepsPerSecond: null, train: null, dev: null, result: null, test: null, error: null, warnings: [], interventions: [],
    };
    store.saveSummary(start);
    store.appendSteps(runId, stepColumnsOf(Array.from({ length: fixture.epochs * 2 }, (_, i) => ({ step: i + 1, epoch: Math.ceil((i + 1) / 2), loss: 1, learningRate: 0.01 }))));
    const reports = Array.from({ length: fixture.epochs }, (_, i) => epochReport(i + 1, 0.6 + i / 10));
    store.appendReports(runId, reports);
    if (fixture.epochs >= 2) store.appendInterventions(runId, [{ step: 3, changes: { learningRate: 0.005 } }]);
    const last = reports.at(-1);
    store.saveSummary({ ...start, state: fixture.state, epoch: fixture.epochs, step: fixture.epochs * 2, train: last?.train ?? null, dev: last?.dev ?? null });
    store.flush();
    store.setTags(runId, fixture.tags);
  }
  store.close();
  const reopened = openDatabase(file);
  if (!reopened.ok) throw new Error(reopened.message);
  return reopened.db;
}

const fixtures: Fixture[] = [
  { label: 'Course net on moons', dataset: 'moons', optimizer: 'adam', state: 'completed', createdAt: '2026-12-01T10:00:00.000Z', epochs: 5, tags: ['baseline'] },
  { label: '100% wide net on iris', dataset: 'iris', optimizer: 'gd', state: 'stopped', createdAt: '2026-12-01T11:00:00.000Z', epochs: 2, tags: [] },
  { label: 'Tiny_net on moons', dataset: 'moons', optimizer: 'gd', state: 'diverged', createdAt: '2026-12-01T12:00:00.000Z', epochs: 0, tags: ['baseline', 'lr'] },
];

describe('listRuns', () => {
  it('pages runs newest first with the epochs actually recorded and the last train and dev metrics', () => {
    const db = databaseWith(fixtures);
    const page = listRuns(db, { limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.runs.map((run) => run.id)).toEqual(['run-3', 'run-2']);
    // run-2 planned 5 epochs and recorded 2: its dev accuracy after epoch 2 is 0.6 + 1/10.
    expect(page.runs[1]).toEqual({
      id: 'run-2', label: '100% wide net on iris', status: 'stopped', epochs: 2, plannedEpochs: 5, dataset: 'iris', optimizer: 'gd', createdAt: '2026-12-01T11:00:00.000Z',
      train: { loss: 0.9 / 2, accuracy: 0.6 }, dev: { loss: 0.4, accuracy: 0.7 }, durationMs: 0, tags: [], continuedFrom: null,
    });
    // No epoch recorded: no metrics, not zeros.
    expect(page.runs[0]).toMatchObject({ epochs: 0, train: null, dev: null });
    expect(listRuns(db, { limit: 2, offset: 2 }).runs.map((run) => run.id)).toEqual(['run-1']);
    expect(listRuns(db, { limit: 10, offset: 0, sort: { key: 'createdAt', direction: 'asc' } }).runs.map((run) => run.id)).toEqual(['run-1', 'run-2', 'run-3']);
    // Dev accuracy 0.6 + 4/10 = 1.0 (run-1), 0.7 (run-2), none (run-3, last).
    expect(listRuns(db, { limit: 10, offset: 0, sort: { key: 'devAccuracy', direction: 'desc' } }).runs.map((run) => run.id)).toEqual(['run-1', 'run-2', 'run-3']);
    db.close();
  });

  it('filters by status, data set, optimizer, tag and text (LIKE wildcards in the text are literal)', () => {
    const db = databaseWith(fixtures);
    const ids = (query: Partial<Parameters<typeof listRuns>[1]>) => {
      const page = listRuns(db, { limit: 50, offset: 0, ...query });
      return { ids: page.runs.map((run) => run.id), total: page.total };
    };
    expect(ids({ status: 'stopped' })).toEqual({ ids: ['run-2'], total: 1 });
    expect(ids({ dataset: 'moons' })).toEqual({ ids: ['run-3', 'run-1'], total: 2 });
    expect(ids({ optimizer: 'gd', dataset: 'moons' })).toEqual({ ids: ['run-3'], total: 1 });
    expect(ids({ tag: 'baseline' })).toEqual({ ids: ['run-3', 'run-1'], total: 2 });
    expect(ids({ tag: 'lr', status: 'completed' })).toEqual({ ids: [], total: 0 });
    expect(ids({ text: 'course' })).toEqual({ ids: ['run-1'], total: 1 });
    expect(ids({ text: 'run-2' })).toEqual({ ids: ['run-2'], total: 1 });
    // '%' and '_' match only themselves: "100%" is in one label, "y_n" in one, "_" only in one.
    expect(ids({ text: '100%' }).ids).toEqual(['run-2']);
    expect(ids({ text: '_' }).ids).toEqual(['run-3']);
    db.close();
  });
});

describe('showRun', () => {
  it('returns the settings, the interventions with what they replaced, and one metrics row per recorded epoch', () => {
    const db = databaseWith(fixtures);
    const run = showRun(db, 'run-2')!;
    expect(run).toMatchObject({ id: 'run-2', status: 'stopped', dataset: 'iris', plannedEpochs: 5, tags: [], notes: '', continuedFrom: null, design: null });
    expect(run.settings).toEqual(settingsFor('gd', 100));
    // The learning rate was 0.01 in the settings.
    expect(run.interventions).toEqual([{ step: 3, changes: { learningRate: 0.005 }, previous: { learningRate: 0.01 } }]);
    expect(run.metrics).toEqual([
      { epoch: 1, step: 2, loss: 1, smoothedLoss: 1.1, learningRate: 0.01, trainLoss: 0.9, trainAccuracy: 0.55, devLoss: 0.8, devAccuracy: 0.6 },
      { epoch: 2, step: 4, loss: 0.5, smoothedLoss: 0.55, learningRate: 0.01, trainLoss: 0.45, trainAccuracy: 0.6, devLoss: 0.4, devAccuracy: 0.7 },
    ]);
    expect(showRun(db, 'run-1')!.tags).toEqual(['baseline']);
    expect(showRun(db, 'run-99')).toBeNull();
    db.close();
  });
});

/**
 * Every history:* command through the real dispatcher (requests and responses checked against the
 * contract both ways), answered by the HistoryService over a real SQLite file holding a hand-built
 * history: three ended runs and one still training (not yet flushed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, historySortKeys, type HistoryRow, type HistoryRunDetail, type Result } from '@shared/api';
import { createHandlers } from '../handlers';
import { courseNet, EventRecorder } from '../training/service-fixtures';
import type { SqliteDatabase } from './database';
import { csvText, diagnosis, recordHistory, specs, TestClock } from './history-fixtures';
import { openRunStore } from './open-run-store';
import { insertReports } from './report-chunks';
import type { SqliteRunStore } from './sqlite-run-store';
import { tempFolder } from './test-files';

let folder = tempFolder();
const stores: SqliteRunStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  folder.remove();
  folder = tempFolder();
});

function open(name: string, clock = new TestClock()): { db: SqliteDatabase; store: SqliteRunStore } {
  const opened = openRunStore(folder.file(name), { now: clock.now });
  if (!opened.ok) throw new Error(opened.message);
  stores.push(opened.store);
  return opened;
}

function host(database: { db: SqliteDatabase; store: SqliteRunStore } | null, undoWindowMs = 8000) {
  const recorder = new EventRecorder();
  const dispatch = createDispatcher(createHandlers({ host: 'web', dataDir: '/nonexistent', version: '0.0.0', emit: recorder.emit, ...(database && { history: { ...database, undoWindowMs } }) }));
  const call = <T>(channel: string, payload: unknown) => dispatch(channel, payload, { host: 'test' }) as Promise<Result<T>>;
  const value = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await call<T>(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  const changed = () => recorder.events.filter((e) => e.event === 'history:changed').map((e) => (e.payload as { runIds: string[] }).runIds);
  return { call, value, changed };
}

let database: { db: SqliteDatabase; store: SqliteRunStore };
beforeEach(() => {
  const clock = new TestClock();
  database = open('history.db', clock);
  recordHistory(database.store, clock);
});

type Page = { runs: HistoryRow[]; total: number };
const ids = (page: Page) => page.runs.map((run) => run.runId);

/** The order the list promises, computed here independently of SQL: NULLs last both ways, ties newest first. */
function expectedOrder(rows: HistoryRow[], key: (typeof historySortKeys)[number], direction: 'asc' | 'desc'): string[] {
  const valueOf = (row: HistoryRow): string | number | null =>
    ({ createdAt: row.createdAt, label: row.label.toLowerCase(), status: row.status, dataset: row.dataset.toLowerCase(), optimizer: row.optimizer, epochs: row.epochs, trainLoss: row.train?.loss ?? null, trainAccuracy: row.train?.accuracy ?? null, devLoss: row.dev?.loss ?? null, devAccuracy: row.dev?.accuracy ?? null, durationMs: row.durationMs })[key];
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const [x, y] = [valueOf(a), valueOf(b)];
      if (x === null || y === null) return x === y ? b.createdAt.localeCompare(a.createdAt) : x === null ? 1 : -1;
      if (x !== y) return (x < y ? -1 : 1) * sign;
      return b.createdAt.localeCompare(a.createdAt);
    })
    .map((row) => row.runId);
}

describe('history:list and history:facets', () => {
  it('lists every run (the live one too) with tags, links and recorded epochs, newest first, in pages', async () => {
    const { value } = host(database);
    const page = await value<Page>('history:list', {});
    expect(ids(page)).toEqual(['run-4', 'run-3', 'run-2', 'run-1']);
    expect(page.total).toBe(4);
    expect(page.runs.find((run) => run.runId === 'run-1')).toEqual({
      runId: 'run-1', label: 'Course net on moons', status: 'completed', dataset: 'moons', optimizer: 'adam', createdAt: '2026-12-01T10:00:00.000Z', epochs: 3, plannedEpochs: 3,
      train: { loss: 0.2, accuracy: 0.8 }, dev: { loss: 0.3, accuracy: 0.9 }, durationMs: 3000, tags: ['baseline'], continuedFrom: null,
    });
    expect(page.runs.find((run) => run.runId === 'run-4')).toMatchObject({ status: 'running', epochs: 1, durationMs: null });
    const second = await value<Page>('history:list', { offset: 1, limit: 2 });
    expect([ids(second), second.total]).toEqual([['run-3', 'run-2'], 4]);
  });

  it('sorts by every key in both directions, runs without the value last either way', async () => {
    const { value } = host(database);
    const rows = (await value<Page>('history:list', {})).runs;
    for (const key of historySortKeys) {
      for (const direction of ['asc', 'desc'] as const) {
        const page = await value<Page>('history:list', { sort: { key, direction } });
        expect(ids(page), `${key} ${direction}`).toEqual(expectedOrder(rows, key, direction));
      }
    }
    // Spot checks by hand: dev accuracy 0.95 (run-2), 0.9, 0.65, none (run-3, last both ways).
    expect(ids(await value<Page>('history:list', { sort: { key: 'devAccuracy', direction: 'desc' } }))).toEqual(['run-2', 'run-1', 'run-4', 'run-3']);
    expect(ids(await value<Page>('history:list', { sort: { key: 'devAccuracy', direction: 'asc' } }))).toEqual(['run-4', 'run-1', 'run-2', 'run-3']);
    expect(ids(await value<Page>('history:list', { sort: { key: 'durationMs', direction: 'asc' } }))).toEqual(['run-3', 'run-2', 'run-1', 'run-4']);
  });

  it('filters by status, data set, optimizer, tag and text (which also searches the notes), and counts the matches', async () => {
    const { value } = host(database);
    const filtered = async (query: object) => {
      const page = await value<Page>('history:list', query);
      return [ids(page), page.total];
    };
    expect(await filtered({ status: 'completed' })).toEqual([['run-1'], 1]);
    expect(await filtered({ dataset: 'moons' })).toEqual([['run-4', 'run-1'], 2]);
    expect(await filtered({ optimizer: 'momentum' })).toEqual([['run-2'], 1]);
    expect(await filtered({ tag: 'baseline' })).toEqual([['run-2', 'run-1'], 2]);
    expect(await filtered({ tag: 'baseline', dataset: 'iris' })).toEqual([['run-2'], 1]);
    expect(await filtered({ text: 'adam' })).toEqual([['run-1'], 1]);
    expect(await filtered({ text: 'IRIS' })).toEqual([['run-2'], 1]);
    expect(await filtered({ text: 'nothing like this' })).toEqual([[], 0]);
  });

  it('offers the data sets, optimizers and tags there are', async () => {
    const { value } = host(database);
    expect(await value('history:facets', {})).toEqual({ datasets: ['iris', 'moons', 'xor.csv'], optimizers: ['adam', 'gd', 'momentum'], tags: ['baseline', 'wide'] });
  });
});

describe('history:get and history:update', () => {
  it('reads an ended run in full: settings, design, diagnosis, metrics, model, checkpoints and continuations', async () => {
    database.store.saveModel('run-1', { layers: [] });
    database.store.saveCheckpoint('run-1', 1, 2, { layers: [] });
    // A run continued from run-1, recorded as the training service records one.
    const continued = database.store.summary('run-2')!;
    database.store.saveSummary({ ...continued, runId: 'run-5', createdAt: '2026-12-01T14:00:00.000Z', continuedFrom: 'run-1' });
    const { value } = host(database);
    const detail = await value<HistoryRunDetail>('history:get', { runId: 'run-1' });
    expect(detail).toMatchObject({
      settings: specs[0]!.settings, design: { name: 'Course net', version: 1 }, parameters: 91, diagnosis, notes: 'first try with Adam', error: null,
      continuations: ['run-5'], hasModel: true, checkpoints: [{ epoch: 1, step: 2 }], startedAt: '2026-12-01T10:00:00.000Z', endedAt: '2026-12-01T10:00:03.000Z',
    });
    expect(detail.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.metrics.map((m) => [m.epoch, m.trainLoss, m.devAccuracy])).toEqual([[1, 0.6, 0.6], [2, 0.4, 0.7], [3, 0.2, 0.9]]);
    expect((await value<HistoryRunDetail>('history:get', { runId: 'run-5' })).row.continuedFrom).toBe('run-1');
    expect((await value<Page>('history:list', { limit: 1 })).runs[0]).toMatchObject({ runId: 'run-5', continuedFrom: 'run-1' });
  });

  it('gives a page CSV back with its text, and reads a live run that is not flushed yet', async () => {
    const { value } = host(database);
    const csv = await value<HistoryRunDetail>('history:get', { runId: 'run-3' });
    expect(csv.settings.data).toEqual({ kind: 'csv-text', name: 'xor.csv', text: csvText, label: 'y' });
    expect([csv.row.status, csv.error, csv.diagnosis, csv.hasModel, csv.design]).toEqual(['failed', 'the worker ran out of memory', null, false, null]);
    const live = await value<HistoryRunDetail>('history:get', { runId: 'run-4' });
    expect([live.row.status, live.row.epochs, live.design]).toEqual(['running', 1, { name: 'Course net', version: 1 }]);
  });

  it('answers not_found with a sentence for an unknown id', async () => {
    const { call } = host(database);
    expect(await call('history:get', { runId: 'run-99' })).toEqual({ ok: false, error: { code: 'not_found', message: 'Run run-99 is not in history (never recorded here, or deleted).' } });
    expect(await call('history:get', { runId: 'not a run' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('updates notes and tags (trimmed, once each) and announces the change', async () => {
    const { value, changed } = host(database);
    const detail = await value<HistoryRunDetail>('history:update', { runId: 'run-2', notes: 'momentum helps', tags: [' fast ', 'fast', 'wide'] });
    expect([detail.notes, detail.row.tags]).toEqual(['momentum helps', ['fast', 'wide']]);
    expect((await value<HistoryRunDetail>('history:update', { runId: 'run-2', tags: [] })).row.tags).toEqual([]);
    expect((await value<HistoryRunDetail>('history:get', { runId: 'run-2' })).notes).toBe('momentum helps');
    expect(changed()).toEqual([['run-2'], ['run-2']]);
  });
});

describe('history:compare', () => {
  it('gives each run its curves and final metrics, and only the settings that differ', async () => {
    const { value, call } = host(database);
    const compared = await value<{ runs: { runId: string; final: unknown; metrics: unknown[] }[]; differences: { setting: string; values: string[] }[] }>('history:compare', { runIds: ['run-1', 'run-2', 'run-4'] });
    expect(compared.runs.map((run) => [run.runId, run.metrics.length])).toEqual([['run-1', 3], ['run-2', 2], ['run-4', 1]]);
    expect(compared.runs[0]!.final).toEqual({ train: { loss: 0.2, accuracy: 0.8 }, dev: { loss: 0.3, accuracy: 0.9 } });
    expect(compared.differences).toEqual([
      { setting: 'design.name', values: ['Course net', '—', 'Course net'] },
      { setting: 'design.version', values: ['1', '—', '1'] },
      { setting: 'data.kind', values: ['moons', 'iris', 'moons'] },
      // The moons generator's defaults, filled in when the settings were parsed; iris has none.
      { setting: 'data.samples', values: ['1000', '—', '1000'] },
      { setting: 'data.noise', values: ['0.1', '—', '0.1'] },
      { setting: 'settings.optimizer.kind', values: ['adam', 'momentum', 'adam'] },
      { setting: 'settings.optimizer.beta1', values: ['0.9', '—', '0.9'] },
      { setting: 'settings.optimizer.beta2', values: ['0.999', '—', '0.999'] },
      { setting: 'settings.optimizer.epsilon', values: ['1e-8', '—', '1e-8'] },
      { setting: 'settings.learningRate', values: ['0.01', '0.05', '0.02'] },
      { setting: 'settings.optimizer.beta', values: ['—', '0.9', '—'] },
    ]);
    expect(await call('history:compare', { runIds: ['run-1', 'run-77'] })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('run-77') } });
    expect(await call('history:compare', { runIds: ['run-1'] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

/** Rows that belong to the run, in every table that refers to runs. */
function rowsOf(db: SqliteDatabase, runId: string): Record<string, number> {
  const tables = ['run_tags', 'report_chunks', 'step_chunks', 'interventions', 'models', 'checkpoints', 'gradchecks', 'trials'];
  const counts: Record<string, number> = { runs: db.prepare('SELECT count(*) FROM runs WHERE id = ? OR continued_from = ?').pluck().get(runId, runId) as number };
  for (const table of tables) counts[table] = db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;
  return counts;
}

describe('history:delete and history:undoDelete', () => {
  it('refuses runs still training, naming them, and deletes nothing of the request', async () => {
    const { call, value } = host(database);
    const refused = await call('history:delete', { runIds: ['run-1', 'run-4'] });
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: 'run-4 (running) is still training; stop it before deleting. Nothing was deleted.' } });
    expect((await value<Page>('history:list', {})).total).toBe(4);
    expect(await call('history:delete', { runIds: ['run-50'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('hides deleted runs at once and brings them back with undo inside the window', async () => {
    const { value, call, changed } = host(database);
    const deleted = await value<{ deleted: string[]; undoUntil: string }>('history:delete', { runIds: ['run-2'] });
    expect(deleted.deleted).toEqual(['run-2']);
    expect(Date.parse(deleted.undoUntil) - Date.now()).toBeGreaterThan(7000);
    expect(ids(await value<Page>('history:list', {}))).toEqual(['run-4', 'run-3', 'run-1']);
    expect(await value('history:facets', {})).toMatchObject({ datasets: ['moons', 'xor.csv'], tags: ['baseline'] });
    expect(await call('history:get', { runId: 'run-2' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(database.store.summary('run-2')).toBeNull();
    expect(await value('history:undoDelete', { runIds: ['run-2'] })).toEqual({ restored: ['run-2'] });
    expect(ids(await value<Page>('history:list', {}))).toEqual(['run-4', 'run-3', 'run-2', 'run-1']);
    expect((await value<HistoryRunDetail>('history:get', { runId: 'run-2' })).row.tags).toEqual(['baseline', 'wide']);
    expect(changed()).toEqual([['run-2'], ['run-2']]);
  });

  it('purges every row of a run from every table once the window has passed; undo then finds nothing', async () => {
    const { db, store } = database;
    store.saveModel('run-1', { layers: [] });
    store.saveCheckpoint('run-1', 1, 2, { layers: [] });
    store.saveGradcheck({ runId: 'run-1', design: {}, settings: {}, result: { relativeDifference: 1e-9, verdict: 'good', explanation: 'fine', layers: [], worstLayer: null, rows: 4, sampled: [] } });
    // The fixture records no evaluations within an epoch and no changes: add one of each.
    insertReports(db, 'run-1', [{ kind: 'step', epoch: 1, step: 1, stepsPerEpoch: 2, loss: 0.5, smoothedLoss: 0.5, learningRate: 0.01, train: { loss: 0.5, accuracy: 0.5 }, dev: null, sampled: true, norms: [] }]);
    db.exec(`INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES ('run-1', 1, 2, '{"learningRate":0.001}', '{"learningRate":0.01}')`);
    db.exec("INSERT INTO searches (id, name, strategy, space, status, created_at) VALUES ('s1', 'sweep', 'random', '{}', 'completed', '2026-12-01'); INSERT INTO trials (search_id, trial, run_id, params, status, created_at) VALUES ('s1', 1, 'run-1', '{}', 'completed', '2026-12-01')");
    db.exec("UPDATE runs SET continued_from = 'run-1' WHERE id = 'run-2'");
    const before = rowsOf(db, 'run-1');
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const { value, call } = host(database, 150);
    await value('history:delete', { runIds: ['run-1', 'run-3'] });
    expect(rowsOf(db, 'run-1')).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Object.values(rowsOf(db, 'run-1')).every((n) => n === 0), JSON.stringify(rowsOf(db, 'run-1'))).toBe(true);
    // The trial stays, without its run; run-3's CSV text went with the only run that used it.
    expect(db.prepare("SELECT count(*) FROM trials WHERE search_id = 's1'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM dataset_texts').pluck().get()).toBe(0);
    expect(await call('history:undoDelete', { runIds: ['run-1'] })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('gone for good') } });
    expect(ids(await value<Page>('history:list', {}))).toEqual(['run-4', 'run-2']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('purges at start the runs an earlier launch deleted and did not purge, and never reuses their numbers', async () => {
    database.db.prepare("UPDATE runs SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = 'run-3'").run();
    host(database);
    expect(rowsOf(database.db, 'run-3').runs).toBe(0);
    database.store.close();
    stores.splice(0);
    // run-4 was the highest; purge it too, then a new store continues after it.
    const reopened = open('history.db');
    reopened.db.prepare("UPDATE runs SET status = 'interrupted', deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = 'run-4'").run();
    host(reopened);
    expect(rowsOf(reopened.db, 'run-4').runs).toBe(0);
    reopened.store.close();
    stores.splice(0);
    expect(open('history.db').store.newRunId()).toBe('run-5');
  });
});

describe('history:export and history:import', () => {
  it('exports runs as one deepwire-runs file that imports into another database, once', async () => {
    const { value } = host(database);
    const exported = await value<{ fileName: string; json: string }>('history:export', { runIds: ['run-1', 'run-3'] });
    expect(exported.fileName).toMatch(/^deepwire-runs-\d{4}-\d{2}-\d{2}\.json$/);
    const other = host(open('other.db'));
    const imported = await other.value<{ imported: string[]; skipped: unknown[] }>('history:import', { json: exported.json });
    expect(imported).toEqual({ imported: ['run-1', 'run-2'], skipped: [] });
    const again = await other.value<{ imported: string[]; skipped: { runId: string; reason: string }[] }>('history:import', { json: exported.json });
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.runId)).toEqual(['run-1', 'run-3']);
    const copy = await other.value<HistoryRunDetail>('history:get', { runId: 'run-2' });
    expect([copy.row.label, copy.settings.data]).toEqual(['tiny on xor.csv', specs[2]!.settings.data]);
    expect(other.changed()).toEqual([['run-1', 'run-2']]);
  });

  it('refuses broken and hostile files with a message and changes nothing', async () => {
    const { value, call, changed } = host(database);
    const exported = JSON.parse((await value<{ json: string }>('history:export', { runIds: ['run-1', 'run-2'] })).json) as { runs: { id: string; steps: unknown[] }[] };
    const tables = ['runs', 'run_tags', 'report_chunks', 'step_chunks', 'interventions', 'designs', 'design_versions', 'dataset_texts'];
    const counts = () => tables.map((table) => database.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    const before = counts();
    // The second run's steps have a gap: the first run (valid) must not be written either.
    const gap = structuredClone(exported);
    gap.runs.forEach((run) => (run.id = `${run.id}-copy`));
    gap.runs[1]!.steps.splice(1, 1);
    const deep = `{"format":"deepwire-runs","version":1,"runs":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const files = ['not json at all', JSON.stringify({ format: 'something-else' }), JSON.stringify({ ...exported, version: 99 }), JSON.stringify(gap), deep, JSON.stringify({ ...exported, runs: [{ ...exported.runs[0], settings: { data: { kind: 'rm -rf' } } }] })];
    for (const json of files) {
      const refused = await call('history:import', { json });
      expect(refused, json.slice(0, 60)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^This file cannot be imported: .+ Nothing was imported\.$/) } });
    }
    expect(counts()).toEqual(before);
    expect(changed()).toEqual([]);
    expect(await call('history:export', { runIds: ['run-1', 'run-42'] })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('run-42') } });
  });
});

describe('history:metricsCsv, history:restore and history:continue', () => {
  it('writes per-epoch metrics as CSV with an empty cell for a missing value', async () => {
    const { value } = host(database);
    const { fileName, csv } = await value<{ fileName: string; csv: string }>('history:metricsCsv', { runId: 'run-2' });
    expect(fileName).toBe('run-2-metrics.csv');
    expect(csv.split('\r\n')).toEqual([
      'epoch,step,loss,smoothed_loss,learning_rate,train_loss,train_accuracy,dev_loss,dev_accuracy',
      '1,2,0.9500000000000001,1,0.01,0.9,0.8,,',
      '2,4,0.35,0.4,0.01,0.3,0.8,0.2,0.95',
      '',
    ]);
    expect((await value<{ csv: string }>('history:metricsCsv', { runId: 'run-3' })).csv).toBe('epoch,step,loss,smoothed_loss,learning_rate,train_loss,train_accuracy,dev_loss,dev_accuracy\r\n');
  });

  it('restores the design snapshot and settings; a run without a design is refused with the reason', async () => {
    const { value, call } = host(database);
    expect(await value('history:restore', { runId: 'run-1' })).toEqual({ name: 'Course net', design: courseNet(), settings: specs[0]!.settings });
    const refused = await call('history:restore', { runId: 'run-3' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/run-3 recorded no design \(an earlier version of Deepwire kept none for command-line --layers runs\)/) } });
  });

  it('continue needs the training service; an unknown run is not found first', async () => {
    const { call } = host(database);
    expect(await call('history:continue', { runId: 'run-9' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('history:continue', { runId: 'run-1', epochs: 5 })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('a host without an experiment database', () => {
  it('lists nothing and answers the other commands unavailable with a sentence', async () => {
    const { call, value } = host(null);
    expect(await value('history:list', {})).toEqual({ runs: [], total: 0 });
    expect(await value('history:facets', {})).toEqual({ datasets: [], optimizers: [], tags: [] });
    expect(await call('history:get', { runId: 'run-1' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('in memory only') } });
  });
});

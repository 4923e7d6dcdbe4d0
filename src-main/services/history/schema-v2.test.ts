/**
 * The v2 migration on a database built by v1 alone: every row of every table is kept, the new
 * columns start empty, the highest run number is remembered, and a copy was taken first.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { latestSchemaVersion, migrations } from './schema';
import { readReports } from './report-chunks';
import { readSteps } from './step-chunks';
import { tempFolder } from './test-files';

const folder = tempFolder();
afterAll(() => folder.remove());

const tables = ['designs', 'design_versions', 'dataset_texts', 'searches', 'runs', 'run_tags', 'interventions', 'models', 'checkpoints', 'gradchecks', 'trials'];

function v1Database(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    migrations[0]!(db);
    db.pragma('user_version = 1');
  })();
  db.exec(`
    INSERT INTO designs (id, name, created_at) VALUES (1, 'Net', '2026-12-01T00:00:00.000Z');
    INSERT INTO design_versions (id, design_id, version, hash, doc, created_at) VALUES (1, 1, 1, 'h', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO dataset_texts (fingerprint, text) VALUES ('f', 'a,b\n1,2\n');
    INSERT INTO searches (id, name, strategy, space, status, created_at) VALUES ('s1', 'sweep', 'random', '{}', 'completed', '2026-12-01T00:00:00.000Z');
  `);
  const run = db.prepare(
    `INSERT INTO runs (id, seq, label, design_version_id, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step, search_id, continued_from)
     VALUES (?, ?, 'Net on moons', 1, '{}', 1, 2, 'adam', 'moons', '{}', 'f', ?, '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30, 's1', ?)`,
  );
  run.run('run-1', 1, 'completed', null);
  run.run('run-7', 7, 'running', 'run-1');
  db.exec(`
    INSERT INTO run_tags (run_id, tag) VALUES ('run-1', 'baseline');
    INSERT INTO epoch_metrics (run_id, epoch, step, steps_per_epoch, learning_rate, has_dev, sampled, norms) VALUES ('run-1', 1, 10, 10, 0.01, 1, 0, '[]');
    INSERT INTO step_evaluations (run_id, step, epoch, steps_per_epoch, learning_rate, has_dev, sampled, norms) VALUES ('run-1', 5, 1, 10, 0.01, 1, 1, '[]');
    INSERT INTO step_metrics (run_id, step, epoch, loss, learning_rate) VALUES ('run-1', 1, 1, 0.5, 0.01);
    INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES ('run-1', 1, 3, '{}', '{}');
    INSERT INTO models (run_id, doc, created_at) VALUES ('run-1', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO checkpoints (run_id, epoch, step, doc, created_at) VALUES ('run-1', 1, 10, '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO gradchecks (run_id, design, settings, verdict, result, created_at) VALUES ('run-1', '{}', '{}', 'good', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO trials (search_id, trial, run_id, params, status, created_at) VALUES ('s1', 1, 'run-1', '{}', 'completed', '2026-12-01T00:00:00.000Z');
  `);
  db.close();
}

// The step rows are read back from their chunks since v5 (schema-v5.test.ts).
const snapshot = (db: Database.Database) => Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));

describe('schema v2', () => {
  it('upgrades a v1 database keeping every row of every table, with empty delete and owner columns', () => {
    // Later migrations run too when the file is opened (v3 adds trial columns and the branch columns of runs, checked by schema-v3.test.ts).
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(2);
    const file = folder.file('v1.db');
    v1Database(file);
    const raw = new Database(file, { readonly: true });
    const before = snapshot(raw);
    raw.close();
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.version).toBe(latestSchemaVersion);
    expect(opened.notices.join(' ')).toMatch(new RegExp(`copied to .*backup-v1.* upgraded from schema version 1 to ${latestSchemaVersion}`));
    const after = snapshot(opened.db);
    const added = { deleted_at: null, owner_host: null, owner_pid: null, heartbeat_at: null, branched_epoch: null, branched_step: null, backend: null };
    const laterColumns = (table: string) => (before[table] as object[]).map((row) => expect.objectContaining(row) as object);
    expect(after).toEqual({ ...before, runs: (before.runs as object[]).map((row) => ({ ...row, ...added })), searches: laterColumns('searches'), trials: laterColumns('trials') });
    expect(opened.db.prepare('SELECT highest FROM run_numbers').pluck().get()).toBe(7);
    expect(opened.db.pragma('foreign_key_check')).toEqual([]);
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(readSteps(opened.db, 'run-1')).toEqual([{ step: 1, epoch: 1, loss: 0.5, learningRate: 0.01 }]);
    // The report rows are read back from their chunks since v6 (report-chunks.test.ts).
    const legacy = { epoch: 1, stepsPerEpoch: 10, loss: null, smoothedLoss: null, learningRate: 0.01, train: { loss: null, accuracy: null }, dev: { loss: null, accuracy: null }, norms: [] };
    expect(readReports(opened.db, 'run-1')).toEqual([{ ...legacy, kind: 'step', step: 5, sampled: true }, { ...legacy, kind: 'epoch', step: 10, sampled: false }]);
    opened.db.close();
  });

  it('chooses a History page (filtered by status and tag, sorted by a metric) within the browsing index alone, in a fresh file too', () => {
    const opened = openDatabase(folder.file('fresh.db'));
    if (!opened.ok) throw new Error(opened.message);
    const pageIds = `SELECT r.id FROM runs r INDEXED BY runs_browse WHERE r.deleted_at IS NULL AND r.status = @status AND r.dataset = @dataset AND r.optimizer = @optimizer
      AND r.id IN (SELECT run_id FROM run_tags WHERE tag = @tag) ORDER BY r.dev_accuracy IS NULL, r.dev_accuracy DESC, r.created_at DESC, r.seq DESC LIMIT 50`;
    const plan = opened.db.prepare(`EXPLAIN QUERY PLAN ${pageIds}`).all({ status: 'completed', dataset: 'moons', optimizer: 'adam', tag: 'x' }) as { detail: string }[];
    // Every column it needs is in the index, so SQLite never seeks a run's row (bench/history.mjs shows the time).
    expect(plan.map((row) => row.detail)).toContain('SCAN r USING INDEX runs_browse');
    expect(opened.db.prepare('SELECT highest FROM run_numbers').pluck().get()).toBe(0);
    opened.db.close();
  });
});

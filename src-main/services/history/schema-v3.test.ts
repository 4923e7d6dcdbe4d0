/**
 * The v3 migration (searches, arenas) on a database built by v1 and v2: every row of every table is
 * kept, the searches and trials gain the columns a resumable search needs, a trial may name a run
 * the run store has not written yet, and purging a run leaves its trial without one.
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

const tables = ['designs', 'design_versions', 'dataset_texts', 'searches', 'runs', 'run_tags', 'interventions', 'models', 'checkpoints', 'gradchecks', 'trials', 'run_numbers'];

function v2Database(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    migrations[0]!(db);
    migrations[1]!(db);
    db.pragma('user_version = 2');
  })();
  db.exec(`
    INSERT INTO designs (id, name, created_at) VALUES (1, 'Net', '2026-12-01T00:00:00.000Z');
    INSERT INTO design_versions (id, design_id, version, hash, doc, created_at) VALUES (1, 1, 1, 'h', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO dataset_texts (fingerprint, text) VALUES ('f', 'a,b\n1,2\n');
    INSERT INTO searches (id, name, strategy, space, status, created_at, notes) VALUES ('s1', 'sweep', 'random', '{"learningRate":{}}', 'completed', '2026-12-01T00:00:00.000Z', 'kept');
    INSERT INTO runs (id, seq, label, design_version_id, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step, search_id, deleted_at, owner_host, owner_pid, heartbeat_at)
      VALUES ('run-3', 3, 'Net on moons', 1, '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30, 's1', NULL, 'h', 12, '2026-12-01T00:00:00.000Z');
    INSERT INTO run_tags (run_id, tag) VALUES ('run-3', 'baseline');
    INSERT INTO epoch_metrics (run_id, epoch, step, steps_per_epoch, learning_rate, has_dev, sampled, norms) VALUES ('run-3', 1, 10, 10, 0.01, 1, 0, '[]');
    INSERT INTO step_evaluations (run_id, step, epoch, steps_per_epoch, learning_rate, has_dev, sampled, norms) VALUES ('run-3', 5, 1, 10, 0.01, 1, 1, '[]');
    INSERT INTO step_metrics (run_id, step, epoch, loss, learning_rate) VALUES ('run-3', 1, 1, 0.5, 0.01);
    INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES ('run-3', 1, 3, '{}', '{}');
    INSERT INTO models (run_id, doc, created_at) VALUES ('run-3', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO checkpoints (run_id, epoch, step, doc, created_at) VALUES ('run-3', 1, 10, '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO gradchecks (run_id, design, settings, verdict, result, created_at) VALUES ('run-3', '{}', '{}', 'good', '{}', '2026-12-01T00:00:00.000Z');
    INSERT INTO trials (search_id, trial, run_id, params, status, objective, created_at) VALUES ('s1', 0, 'run-3', '{"learningRate":0.01}', 'completed', 0.9, '2026-12-01T00:00:00.000Z');
    INSERT INTO trials (search_id, trial, run_id, params, status, objective, created_at) VALUES ('s1', 1, NULL, '{"learningRate":0.1}', 'pending', NULL, '2026-12-01T00:00:00.000Z');
    UPDATE run_numbers SET highest = 3;
  `);
  db.close();
}

// The step rows are read back from their chunks since v5 (schema-v5.test.ts).
const snapshot = (db: Database.Database) => Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));

describe('schema v3', () => {
  const file = folder.file('v2.db');

  it('upgrades a v2 database keeping every row of every table; searches, trials and runs (a branch checkpoint) gain empty columns, and an empty arenas table appears', () => {
    // Later migrations run too when the file is opened (v4 adds searches.run_on, checked by schema-v4.test.ts).
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(3);
    v2Database(file);
    const raw = new Database(file, { readonly: true });
    const before = snapshot(raw);
    raw.close();
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.version).toBe(latestSchemaVersion);
    expect(opened.notices.join(' ')).toMatch(new RegExp(`copied to .*backup-v2.* upgraded from schema version 2 to ${latestSchemaVersion}`));
    const after = snapshot(opened.db);
    const searchColumns = { parent_id: null, plan: null, metric: null, design: null, settings: null, error: null, owner_host: null, owner_pid: null, run_on: null };
    const trialColumns = { epochs: 0, steps: 0, train_loss: null, train_accuracy: null, dev_loss: null, dev_accuracy: null, rung: 0, rung_values: '[]', worker: null, error: null, started_at: null, ended_at: null };
    expect(after).toEqual({
      ...before,
      searches: (before.searches as object[]).map((row) => ({ ...row, ...searchColumns })),
      trials: (before.trials as object[]).map((row) => ({ ...row, ...trialColumns })),
      runs: (before.runs as object[]).map((row) => ({ ...row, branched_epoch: null, branched_step: null, backend: null })),
    });
    expect(opened.db.prepare('SELECT count(*) FROM arenas').pluck().get()).toBe(0);
    expect(opened.db.pragma('foreign_key_check')).toEqual([]);
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(readSteps(opened.db, 'run-3')).toEqual([{ step: 1, epoch: 1, loss: 0.5, learningRate: 0.01 }]);
    // The report rows are read back from their chunks since v6 (report-chunks.test.ts).
    const legacy = { epoch: 1, stepsPerEpoch: 10, loss: null, smoothedLoss: null, learningRate: 0.01, train: { loss: null, accuracy: null }, dev: { loss: null, accuracy: null }, norms: [] };
    expect(readReports(opened.db, 'run-3')).toEqual([{ ...legacy, kind: 'step', step: 5, sampled: true }, { ...legacy, kind: 'epoch', step: 10, sampled: false }]);
    opened.db.close();
  });

  it('lets a trial name a run not written yet, unlinks a trial whose run is purged, and drops trials with their search', () => {
    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    const { db } = opened;
    db.prepare("UPDATE trials SET run_id = 'run-99' WHERE search_id = 's1' AND trial = 1").run();
    expect(db.prepare("SELECT run_id FROM trials WHERE trial = 1").pluck().get()).toBe('run-99');
    db.prepare("DELETE FROM runs WHERE id = 'run-3'").run();
    expect(db.prepare("SELECT run_id FROM trials WHERE trial = 0").pluck().get()).toBeNull();
    db.prepare("DELETE FROM searches WHERE id = 's1'").run();
    expect(db.prepare('SELECT count(*) FROM trials').pluck().get()).toBe(0);
    db.close();
  });

  it('lists searches, children and arenas from their indexes', () => {
    const opened = openDatabase(folder.file('fresh.db'));
    if (!opened.ok) throw new Error(opened.message);
    const plan = (sql: string) => (opened.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan("SELECT id FROM searches WHERE parent_id = 'x'")).toMatch(/searches_by_parent/);
    expect(plan('SELECT id FROM searches ORDER BY created_at DESC')).toMatch(/searches_by_created/);
    expect(plan("SELECT id FROM searches WHERE status = 'running'")).toMatch(/searches_by_status/);
    expect(plan('SELECT id FROM arenas ORDER BY created_at DESC')).toMatch(/arenas_by_created/);
    opened.db.close();
  });
});

/**
 * The v4 migration (searches on a Redis queue) on a database built by v1–v3: every row is kept, a
 * search learns where it runs (run_on, NULL for this machine), the file gets its coordinator id
 * once (random, kept across opens), and a trial's job can name the run recorded for it.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { latestSchemaVersion, migrations } from './schema';
import { tempFolder } from './test-files';

const folder = tempFolder();
afterAll(() => folder.remove());

const tables = ['designs', 'searches', 'runs', 'trials', 'arenas', 'run_numbers'];

function v3Database(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    for (const migration of migrations.slice(0, 3)) migration(db);
    db.pragma('user_version = 3');
  })();
  db.exec(`
    INSERT INTO designs (id, name, created_at) VALUES (1, 'Net', '2026-12-01T00:00:00.000Z');
    INSERT INTO searches (id, name, strategy, space, status, created_at, notes, plan, metric, design, settings, owner_host, owner_pid)
      VALUES ('search-1', 'sweep', 'random', '{}', 'completed', '2026-12-01T00:00:00.000Z', '', '{}', 'dev-loss', '{}', '{}', 'h', 12);
    INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step)
      VALUES ('run-3', 3, 'search-1 · trial 0', '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30);
    INSERT INTO trials (search_id, trial, run_id, params, status, objective, created_at, epochs, steps, worker) VALUES ('search-1', 0, 'run-3', '{}', 'completed', 0.2, '2026-12-01T00:00:00.000Z', 3, 30, 'local');
    INSERT INTO arenas (id, status, created_at, request) VALUES ('arena-1', 'completed', '2026-12-01T00:00:00.000Z', '{}');
    UPDATE run_numbers SET highest = 3;
  `);
  db.close();
}

const snapshot = (db: Database.Database) => Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]));

function open(file: string) {
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.message);
  return opened;
}

describe('schema v4', () => {
  const file = folder.file('v3.db');

  it('upgrades a v3 database keeping every row; searches gain run_on (NULL: this machine) and the file gets a coordinator id', () => {
    // Later migrations run too when the file is opened (v5 moves step rows into chunks, checked by schema-v5.test.ts).
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(4);
    v3Database(file);
    const raw = new Database(file, { readonly: true });
    const before = snapshot(raw);
    raw.close();

    const opened = open(file);
    expect(opened.version).toBe(latestSchemaVersion);
    expect(opened.notices.join(' ')).toMatch(new RegExp(`backup-v3.* upgraded from schema version 3 to ${latestSchemaVersion}`));
    expect(snapshot(opened.db)).toEqual({ ...before, searches: (before.searches as object[]).map((row) => ({ ...row, run_on: null })), runs: (before.runs as object[]).map((row) => ({ ...row, backend: null })) });
    const coordinatorId = opened.db.prepare('SELECT coordinator_id FROM coordinator').pluck().get() as string;
    expect(coordinatorId).toMatch(/^[0-9a-f]{12}$/);
    expect(opened.db.prepare('SELECT count(*) FROM queue_runs').pluck().get()).toBe(0);
    expect(opened.db.pragma('foreign_key_check')).toEqual([]);
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    opened.db.close();

    // Made once: opening again keeps it.
    const again = open(file);
    expect(again.db.prepare('SELECT coordinator_id FROM coordinator').pluck().get()).toBe(coordinatorId);
    expect(() => again.db.prepare("INSERT INTO coordinator (id, coordinator_id) VALUES (2, 'x')").run()).toThrow(/CHECK/);
    again.db.close();
  });

  it('gives two fresh databases different coordinator ids (their "search-1" never share a queue)', () => {
    const a = open(folder.file('a.db'));
    const b = open(folder.file('b.db'));
    const id = (opened: typeof a) => opened.db.prepare('SELECT coordinator_id FROM coordinator').pluck().get();
    expect(id(a)).not.toBe(id(b));
    a.db.close();
    b.db.close();
  });
});

/**
 * The experiment database's schema, one migration function per version (index 0 takes a database
 * from user_version 0 to 1). A released migration is never edited: a change is a new function.
 * Numeric columns hold finite numbers or NULL only (the store converts NaN and ±Infinity to NULL);
 * JSON columns hold documents the contract's schemas validate when read back.
 */
import type Database from 'better-sqlite3';
import type { StepPoint, TrainingProgress } from '@shared/api';
import { insertReports, storedReportCount } from './report-chunks';
import { reportFromLegacyRow, type LegacyReportRow } from './run-rows';
import { contiguousColumns, insertSteps, storedStepCount } from './step-chunks';

type Migration = (db: Database.Database) => void;

const v1: Migration = (db) => {
  db.exec(`
    CREATE TABLE designs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    );
    -- One row per distinct document of a design (same name, same content hash: same version).
    CREATE TABLE design_versions (
      id INTEGER PRIMARY KEY,
      design_id INTEGER NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      hash TEXT NOT NULL,
      doc TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (design_id, version),
      UNIQUE (design_id, hash)
    );

    -- Texts of CSV files a page sent (csv-text sources), kept once however many runs use them.
    CREATE TABLE dataset_texts (
      fingerprint TEXT PRIMARY KEY,
      text TEXT NOT NULL
    );

    CREATE TABLE searches (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      strategy TEXT NOT NULL,
      space TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      ended_at TEXT,
      notes TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      -- The number in the id (run-<seq>): new ids continue after the largest.
      seq INTEGER NOT NULL UNIQUE,
      label TEXT NOT NULL,
      design_version_id INTEGER REFERENCES design_versions(id) ON DELETE SET NULL,
      design TEXT,
      settings TEXT NOT NULL,
      data_seed INTEGER NOT NULL,
      model_seed INTEGER NOT NULL,
      optimizer TEXT NOT NULL,
      dataset TEXT NOT NULL,
      dataset_description TEXT NOT NULL,
      dataset_fingerprint TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted')),
      created_at TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT,
      duration_ms REAL,
      parameters INTEGER NOT NULL,
      epochs INTEGER NOT NULL,
      total_steps INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      train_loss REAL,
      train_accuracy REAL,
      dev_loss REAL,
      dev_accuracy REAL,
      test_loss REAL,
      test_accuracy REAL,
      result TEXT,
      diagnosis TEXT,
      warnings TEXT NOT NULL DEFAULT '[]',
      visuals TEXT,
      notes TEXT NOT NULL DEFAULT '',
      search_id TEXT REFERENCES searches(id) ON DELETE SET NULL,
      strategy TEXT,
      continued_from TEXT REFERENCES runs(id) ON DELETE SET NULL,
      error TEXT
    );
    CREATE INDEX runs_by_created ON runs (created_at DESC);
    CREATE INDEX runs_by_status ON runs (status, created_at DESC);
    CREATE INDEX runs_by_dataset ON runs (dataset, created_at DESC);
    CREATE INDEX runs_by_optimizer ON runs (optimizer, created_at DESC);
    CREATE INDEX runs_by_search ON runs (search_id) WHERE search_id IS NOT NULL;
    CREATE INDEX runs_by_continued_from ON runs (continued_from) WHERE continued_from IS NOT NULL;

    CREATE TABLE run_tags (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX run_tags_by_tag ON run_tags (tag);

    -- End-of-epoch reports (full train and dev sets).
    CREATE TABLE epoch_metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      steps_per_epoch INTEGER NOT NULL,
      loss REAL,
      smoothed_loss REAL,
      learning_rate REAL NOT NULL,
      train_loss REAL,
      train_accuracy REAL,
      dev_loss REAL,
      dev_accuracy REAL,
      -- 1 when there is a dev set (its metrics may both be NULL: a diverged regression).
      has_dev INTEGER NOT NULL,
      sampled INTEGER NOT NULL,
      norms TEXT NOT NULL,
      PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;

    -- Evaluations every n steps within an epoch (on a sample of the rows), the same columns.
    CREATE TABLE step_evaluations (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      step INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      steps_per_epoch INTEGER NOT NULL,
      loss REAL,
      smoothed_loss REAL,
      learning_rate REAL NOT NULL,
      train_loss REAL,
      train_accuracy REAL,
      dev_loss REAL,
      dev_accuracy REAL,
      -- 1 when there is a dev set (its metrics may both be NULL: a diverged regression).
      has_dev INTEGER NOT NULL,
      sampled INTEGER NOT NULL,
      norms TEXT NOT NULL,
      PRIMARY KEY (run_id, step)
    ) WITHOUT ROWID;

    -- Every optimizer step, not every n: training:get promises a run's full-resolution loss curve
    -- (the charts and their EWA need each mini-batch loss), and a row is ~30 bytes.
    CREATE TABLE step_metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      step INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      loss REAL,
      learning_rate REAL NOT NULL,
      PRIMARY KEY (run_id, step)
    ) WITHOUT ROWID;

    -- What changed mid-run: changes as applied, and the values they replaced where the settings say.
    CREATE TABLE interventions (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      step INTEGER NOT NULL,
      changes TEXT NOT NULL,
      previous TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    -- The trained model (the engine's model document: layers, weights, normalization).
    CREATE TABLE models (
      run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      doc TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE checkpoints (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      doc TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, epoch)
    );

    CREATE TABLE gradchecks (
      id INTEGER PRIMARY KEY,
      run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
      design TEXT NOT NULL,
      settings TEXT NOT NULL,
      relative_difference REAL,
      verdict TEXT NOT NULL,
      result TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX gradchecks_by_created ON gradchecks (created_at DESC);

    CREATE TABLE trials (
      search_id TEXT NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
      trial INTEGER NOT NULL,
      run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
      params TEXT NOT NULL,
      status TEXT NOT NULL,
      objective REAL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (search_id, trial)
    );
    CREATE INDEX trials_by_run ON trials (run_id) WHERE run_id IS NOT NULL;
  `);
};

/**
 * Delete with undo, and runs owned by a live process. `deleted_at` hides a run at once; rows
 * deleted longer ago than the undo window are purged. A recording process stamps its live runs
 * with its host, pid and a heartbeat at every flush, so another process opening the file marks a
 * run interrupted only when its owner is gone (dead pid on this host) or silent (stale heartbeat).
 */
const v2: Migration = (db) => {
  db.exec(`
    ALTER TABLE runs ADD COLUMN deleted_at TEXT;
    ALTER TABLE runs ADD COLUMN owner_host TEXT;
    ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
    ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
    -- Few rows are ever deleted at once: the purge and the undo find them without a scan.
    CREATE INDEX runs_by_deleted ON runs (deleted_at) WHERE deleted_at IS NOT NULL;
    -- The History table's page: every column it filters or sorts by, for the runs not deleted. A
    -- page is chosen in this index alone (filtered, sorted, counted) and only its rows are read:
    -- a run's row carries its design, settings and visuals, often on many overflow pages, and
    -- sorting 10,000 of them by a metric read them all (over 100 ms; see bench/history.mjs).
    CREATE INDEX runs_browse ON runs (created_at DESC, seq DESC, status, dataset, optimizer, label, epoch, train_loss, train_accuracy, dev_loss, dev_accuracy, duration_ms, id)
      WHERE deleted_at IS NULL;
    -- The highest run number ever given, so ids of purged runs are never handed out again.
    CREATE TABLE run_numbers (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      highest INTEGER NOT NULL
    );
    INSERT INTO run_numbers (id, highest) SELECT 1, coalesce(max(seq), 0) FROM runs;
  `);
};

/**
 * Searches (issue 11). A search keeps everything it needs to be resumed after a crash: its plan,
 * metric, base design and settings, its parent (coarse to fine) and the process that runs it (so
 * another process opening the file marks it interrupted only when that process is gone). The
 * trials table is rebuilt because v1 tied run_id to runs(id) by a foreign key, and a trial learns
 * its run before the run store has flushed the run's row; a trigger keeps "a purged run leaves
 * the trial without a run" instead. Every v1 column and row of trials is kept (objective holds the
 * search metric's value). Arenas (panda against caviar) keep their request and result as JSON.
 */
const v3: Migration = (db) => {
  db.exec(`
    ALTER TABLE searches ADD COLUMN parent_id TEXT REFERENCES searches(id) ON DELETE SET NULL;
    ALTER TABLE searches ADD COLUMN plan TEXT;
    ALTER TABLE searches ADD COLUMN metric TEXT;
    ALTER TABLE searches ADD COLUMN design TEXT;
    ALTER TABLE searches ADD COLUMN settings TEXT;
    ALTER TABLE searches ADD COLUMN error TEXT;
    ALTER TABLE searches ADD COLUMN owner_host TEXT;
    ALTER TABLE searches ADD COLUMN owner_pid INTEGER;
    CREATE INDEX searches_by_created ON searches (created_at DESC);
    CREATE INDEX searches_by_parent ON searches (parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX searches_by_status ON searches (status);

    CREATE TABLE trials_v3 (
      search_id TEXT NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
      trial INTEGER NOT NULL,
      run_id TEXT,
      params TEXT NOT NULL,
      status TEXT NOT NULL,
      objective REAL,
      created_at TEXT NOT NULL,
      epochs INTEGER NOT NULL DEFAULT 0,
      steps INTEGER NOT NULL DEFAULT 0,
      train_loss REAL,
      train_accuracy REAL,
      dev_loss REAL,
      dev_accuracy REAL,
      rung INTEGER NOT NULL DEFAULT 0,
      -- The metric at each successive-halving rung it reached, [[epoch, value], ...], so a resumed search rebuilds its rungs.
      rung_values TEXT NOT NULL DEFAULT '[]',
      worker TEXT,
      error TEXT,
      started_at TEXT,
      ended_at TEXT,
      PRIMARY KEY (search_id, trial)
    );
    INSERT INTO trials_v3 (search_id, trial, run_id, params, status, objective, created_at)
      SELECT search_id, trial, run_id, params, status, objective, created_at FROM trials;
    DROP TABLE trials;
    ALTER TABLE trials_v3 RENAME TO trials;
    CREATE INDEX trials_by_run ON trials (run_id) WHERE run_id IS NOT NULL;
    CREATE TRIGGER runs_purged_unlink_trials AFTER DELETE ON runs BEGIN
      UPDATE trials SET run_id = NULL WHERE run_id = OLD.id;
    END;

    CREATE TABLE arenas (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      ended_at TEXT,
      request TEXT NOT NULL,
      result TEXT
    );
    CREATE INDEX arenas_by_created ON arenas (created_at DESC);

    -- A branch (panda's rollback) starts from this checkpoint of continued_from.
    ALTER TABLE runs ADD COLUMN branched_epoch INTEGER;
    ALTER TABLE runs ADD COLUMN branched_step INTEGER;
  `);
};

/**
 * Searches on a Redis queue (issue 12). A search keeps where its trials train (`run_on`: the
 * RunOn JSON, NULL for this machine), URL and password included, so a restarted coordinator
 * reattaches to its queue; answers show it redacted only. `coordinator` holds this database's
 * random id, made once here: queue names are "<coordinator id>-<search id>", so two databases'
 * "search-3" never share a queue on one Redis. `queue_runs` ties a trial's job (its key, e.g.
 * "search-3#7") to the run recorded for it, so a trial whose result arrives after a restart
 * ends in the run it started in rather than in a second one.
 */
const v4: Migration = (db) => {
  db.exec(`
    ALTER TABLE searches ADD COLUMN run_on TEXT;
    CREATE TABLE coordinator (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      coordinator_id TEXT NOT NULL
    );
    INSERT INTO coordinator (id, coordinator_id) VALUES (1, lower(hex(randomblob(6))));
    CREATE TABLE queue_runs (
      job_key TEXT PRIMARY KEY,
      run_id TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
};

/**
 * Step points in chunks (step-chunks.ts): runs of up to 4096 contiguous steps in one BLOB of
 * float64 columns instead of a row per step, which cost a search's coordinator a third of its
 * thread. Every stored step moves into chunks (split where its run's steps have a gap) and the
 * row table goes; each run's count of steps is checked before it does. And runs keep the engine
 * that took their steps (`backend`: native, wasm or ts; NULL for runs recorded before).
 */
const v5: Migration = (db) => {
  db.exec(`
    CREATE TABLE step_chunks (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      first_step INTEGER NOT NULL,
      last_step INTEGER NOT NULL,
      points BLOB NOT NULL,
      PRIMARY KEY (run_id, first_step)
    ) WITHOUT ROWID;
  `);
  const runIds = db.prepare('SELECT DISTINCT run_id FROM step_metrics').pluck().all() as string[];
  const rows = db.prepare('SELECT step, epoch, loss, learning_rate AS learningRate FROM step_metrics WHERE run_id = ? ORDER BY step');
  for (const runId of runIds) {
    const steps = rows.all(runId) as StepPoint[];
    for (const part of contiguousColumns(steps)) insertSteps(db, runId, part);
    if (storedStepCount(db, runId) !== steps.length) throw new Error(`moving ${runId}'s steps into chunks kept ${storedStepCount(db, runId)} of ${steps.length}`);
  }
  db.exec('DROP TABLE step_metrics');
  db.exec('ALTER TABLE runs ADD COLUMN backend TEXT');
};

/**
 * Reports in chunks (report-chunks.ts): a run's end-of-epoch and every-n-steps evaluations packed
 * into BLOBs of float64 records, up to 1024 a chunk, instead of a row each with its norms as JSON,
 * which cost a search's coordinator about a third of its thread. Every stored report moves into chunks
 * (each run's counts checked before the row tables go).
 */
const v6: Migration = (db) => {
  db.exec(`
    CREATE TABLE report_chunks (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('step', 'epoch')),
      first_step INTEGER NOT NULL,
      last_step INTEGER NOT NULL,
      report_count INTEGER NOT NULL,
      -- The tensors whose norms each report carries: [{"name", "layer"}], in order.
      tensors TEXT NOT NULL,
      reports BLOB NOT NULL,
      PRIMARY KEY (run_id, kind, first_step)
    ) WITHOUT ROWID;
  `);
  const tables: Record<TrainingProgress['kind'], string> = { epoch: 'epoch_metrics', step: 'step_evaluations' };
  for (const [kind, table] of Object.entries(tables) as [TrainingProgress['kind'], string][]) {
    const runIds = db.prepare(`SELECT DISTINCT run_id FROM ${table}`).pluck().all() as string[];
    const rows = db.prepare(`SELECT * FROM ${table} WHERE run_id = ? ORDER BY step`);
    for (const runId of runIds) {
      const reports = (rows.all(runId) as LegacyReportRow[]).map((row) => reportFromLegacyRow(kind, row));
      insertReports(db, runId, reports);
      const kept = storedReportCount(db, kind, runId);
      if (kept !== reports.length) throw new Error(`moving ${runId}'s ${kind} reports into chunks kept ${kept} of ${reports.length}`);
    }
    db.exec(`DROP TABLE ${table}`);
  }
};

export const migrations: readonly Migration[] = [v1, v2, v3, v4, v5, v6];
export const latestSchemaVersion = migrations.length;

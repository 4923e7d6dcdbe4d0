/**
 * The v5 migration (step points in chunks) on a database built by v1–v4, and the chunk format:
 * every stored step comes back as it was (a non-finite loss as null), split at gaps and every
 * maxStepsPerChunk steps; nothing else changes.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StepPoint } from '@shared/api';
import { openDatabase } from './database';
import { readReports } from './report-chunks';
import { latestSchemaVersion, migrations } from './schema';
import { stepColumnsOf, stepPointsOf } from '@shared/training/step-columns';
import { contiguousColumns, decodeStepChunk, encodeStepChunk, insertSteps, lastStoredStep, maxStepsPerChunk, readSteps, storedStepCount } from './step-chunks';
import { tempFolder } from './test-files';

const folder = tempFolder();
afterAll(() => folder.remove());

const point = (step: number, epoch: number, loss: number | null, learningRate = 0.01): StepPoint => ({ step, epoch, loss, learningRate });

/** run-1: 10,000 steps (three chunks' worth), a null loss among them; run-2: steps 1–3 and 7–8 (a gap); run-3: none. */
const stepsOf: Record<string, StepPoint[]> = {
  'run-1': Array.from({ length: 10_000 }, (_, i) => point(i + 1, Math.floor(i / 25) + 1, i === 4321 ? null : 1 / (i + 1), 0.1 * 0.999 ** i)),
  'run-2': [point(1, 1, 0.7), point(2, 1, 0.6), point(3, 2, 0.5), point(7, 3, 0.4), point(8, 3, Number.MIN_VALUE)],
  'run-3': [],
};

function v4Database(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    for (const migration of migrations.slice(0, 4)) migration(db);
    db.pragma('user_version = 4');
  })();
  const insertRun = db.prepare(`INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step)
    VALUES (?, ?, 'Net on moons', '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30)`);
  const insertStep = db.prepare('INSERT INTO step_metrics (run_id, step, epoch, loss, learning_rate) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    Object.entries(stepsOf).forEach(([runId, steps], i) => {
      insertRun.run(runId, i + 1);
      for (const p of steps) insertStep.run(runId, p.step, p.epoch, p.loss, p.learningRate);
    });
    db.exec("INSERT INTO epoch_metrics (run_id, epoch, step, steps_per_epoch, learning_rate, has_dev, sampled, norms) VALUES ('run-1', 1, 25, 25, 0.01, 1, 0, '[]')");
  })();
  db.close();
}

describe('step chunks', () => {
  it('round-trip every value exactly, a non-finite loss as null and a non-finite rate as 0', () => {
    const steps = [point(5, 1, 0.25), point(6, 1, Number.NaN), point(7, 2, Number.POSITIVE_INFINITY), point(8, 2, -0), point(9, 3, 1e-300, Number.NaN)];
    const blob = encodeStepChunk(stepColumnsOf(steps));
    expect(blob.byteLength).toBe(5 * 3 * 8);
    expect(stepPointsOf(decodeStepChunk(5, blob))).toEqual([point(5, 1, 0.25), point(6, 1, null), point(7, 2, null), point(8, 2, -0), point(9, 3, 1e-300, 0)]);
    expect(stepPointsOf(decodeStepChunk(5, blob), 7, 2).map((p) => p.step)).toEqual([7, 8]);
    // A buffer that does not start on an 8-byte boundary (as SQLite may hand one back) reads the same.
    const shifted = Buffer.alloc(blob.byteLength + 3);
    blob.copy(shifted, 3);
    expect(decodeStepChunk(5, shifted.subarray(3))).toEqual(decodeStepChunk(5, blob));
    expect(() => decodeStepChunk(1, blob.subarray(0, 20))).toThrow(/step chunk from step 1 is damaged: 20 bytes/);
  });

  it(`are written ${maxStepsPerChunk} steps at most each, and an old database's rows split at their gaps`, () => {
    const opened = openDatabase(folder.file('chunks.db'));
    if (!opened.ok) throw new Error(opened.message);
    const { db } = opened;
    db.prepare(`INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step)
      VALUES ('run-1', 1, 'Net', '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30)`).run();
    insertSteps(db, 'run-1', stepColumnsOf(stepsOf['run-1']!.slice(0, maxStepsPerChunk + 2)));
    expect(db.prepare('SELECT first_step, last_step FROM step_chunks ORDER BY first_step').all()).toEqual([{ first_step: 1, last_step: maxStepsPerChunk }, { first_step: maxStepsPerChunk + 1, last_step: maxStepsPerChunk + 2 }]);
    expect(readSteps(db, 'run-1')).toEqual(stepsOf['run-1']!.slice(0, maxStepsPerChunk + 2));
    expect(contiguousColumns(stepsOf['run-2']!).map((part) => [part.fromStep, part.count])).toEqual([[1, 3], [7, 2]]);
    db.close();
  });
});

describe('schema v5', () => {
  const file = folder.file('v4.db');

  it('moves every run\'s step rows into chunks, drops the row table, gives runs an empty engine and keeps everything else', () => {
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(5);
    v4Database(file);
    const raw = new Database(file, { readonly: true });
    const runsBefore = raw.prepare('SELECT * FROM runs ORDER BY seq').all();
    raw.close();

    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    const { db } = opened;
    expect(opened.notices.join(' ')).toMatch(new RegExp(`backup-v4.* upgraded from schema version 4 to ${latestSchemaVersion}`));
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'step_metrics'").pluck().get()).toBe(0);
    for (const [runId, steps] of Object.entries(stepsOf)) {
      expect(readSteps(db, runId)).toEqual(steps);
      expect(storedStepCount(db, runId)).toBe(steps.length);
      expect(lastStoredStep(db, runId)).toBe(steps.at(-1)?.step ?? 0);
    }
    expect(db.prepare("SELECT first_step, last_step FROM step_chunks WHERE run_id = 'run-2' ORDER BY first_step").all()).toEqual([{ first_step: 1, last_step: 3 }, { first_step: 7, last_step: 8 }]);
    expect(db.prepare("SELECT count(*) FROM step_chunks WHERE run_id = 'run-1'").pluck().get()).toBe(Math.ceil(10_000 / maxStepsPerChunk));
    // A page from the middle, across a chunk's end.
    expect(readSteps(db, 'run-1', maxStepsPerChunk - 1, 4)).toEqual(stepsOf['run-1']!.slice(maxStepsPerChunk - 2, maxStepsPerChunk + 2));
    expect(db.prepare('SELECT * FROM runs ORDER BY seq').all()).toEqual((runsBefore as object[]).map((row) => ({ ...row, backend: null })));
    // Its epoch row, in a chunk since v6.
    expect(readReports(db, 'run-1')).toEqual([{ kind: 'epoch', epoch: 1, step: 25, stepsPerEpoch: 25, loss: null, smoothedLoss: null, learningRate: 0.01, train: { loss: null, accuracy: null }, dev: { loss: null, accuracy: null }, sampled: false, norms: [] }]);
    // Chunks go with their run.
    db.prepare("DELETE FROM runs WHERE id = 'run-1'").run();
    expect(storedStepCount(db)).toBe(5);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

/**
 * The training service recording into SqliteRunStore: a run's points are on disk when it ends,
 * dispose() writes interrupted runs and closes the store, and a full disk ends a training run as
 * failed with "disk full" (its worker stopped) while what was recorded stays readable.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EventRecorder, moonsStart } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { openDatabase } from './database';
import { readReports } from './report-chunks';
import { diskFullMessage, SqliteRunStore } from './sqlite-run-store';
import { storedStepCount } from './step-chunks';
import { tempFolder } from './test-files';

let folder = tempFolder();
let service: TrainingService | null = null;
afterEach(async () => {
  await service?.dispose();
  service = null;
  folder.remove();
  folder = tempFolder();
});

function openStore(flushIntervalMs: number) {
  const opened = openDatabase(folder.file('deepwire.db'));
  if (!opened.ok) throw new Error(opened.message);
  return { store: new SqliteRunStore(opened.db, { flushIntervalMs }), db: opened.db };
}

describe('TrainingService with SqliteRunStore', () => {
  it('has every step, epoch and the design on disk when a run completes; dispose marks a training run interrupted and closes the store', async () => {
    const { store } = openStore(60_000);
    const recorder = new EventRecorder();
    service = new TrainingService({ emit: recorder.emit, store, worker: sourceWorkerEntry(), maxConcurrent: 1 });
    const done = await service.start(moonsStart(2));
    await recorder.state(done.runId, 'completed');
    const long = await service.start(moonsStart(100_000));
    await recorder.step(long.runId, 5);
    await service.dispose();
    service = null;

    const db = new Database(folder.file('deepwire.db'), { readonly: true });
    // 200 moons, 80 % train, batches of 16: 10 steps an epoch.
    expect(storedStepCount(db, done.runId)).toBe(20);
    expect(readReports(db, done.runId, 1, Number.MAX_SAFE_INTEGER, ['epoch']).map((report) => report.epoch)).toEqual([1, 2]);
    expect(db.prepare('SELECT status FROM runs ORDER BY seq').pluck().all()).toEqual(['completed', 'interrupted']);
    expect(db.prepare('SELECT d.name FROM runs r JOIN design_versions v ON v.id = r.design_version_id JOIN designs d ON d.id = v.design_id').pluck().all()).toEqual(['Course net', 'Course net']);
    expect(storedStepCount(db, long.runId)).toBeGreaterThanOrEqual(5);
    // Each run keeps the engine its worker said it trains on.
    for (const runId of [done.runId, long.runId]) expect(['native', 'wasm', 'ts']).toContain(db.prepare('SELECT backend FROM runs WHERE id = ?').pluck().get(runId));
    db.close();
  });

  it('ends a run failed with "disk full" when a flush hits SQLITE_FULL, stops its worker, and keeps answering reads', async () => {
    const { store, db } = openStore(100);
    const recorder = new EventRecorder();
    service = new TrainingService({ emit: recorder.emit, store, worker: sourceWorkerEntry(), maxConcurrent: 1 });
    // Room for the schema and the run's first flushes only.
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 8}`);
    const run = await service.start(moonsStart(100_000));
    const failed = await recorder.state(run.runId, 'failed');
    expect((failed.payload as { run: { error: string } }).run.error).toBe(diskFullMessage);
    expect(service.list().runs.map((r) => [r.runId, r.state])).toEqual([[run.runId, 'failed']]);
    expect(service.get({ runId: run.runId }).run.state).toBe('failed');
    await service.dispose();
    expect(service.workerCount).toBe(0);
    service = null;
  });
});

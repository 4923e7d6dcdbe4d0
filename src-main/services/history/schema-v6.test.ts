/**
 * The v6 migration (reports in chunks) on a database built by v1–v5, and the chunk format: every
 * stored report comes back as it was (a value that is not finite as null), split by kind, by the
 * tensors its norms are of and every maxReportsPerChunk reports; nothing else changes.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerNorms, TrainingProgress } from '@shared/api';
import { openDatabase } from './database';
import { decodeReportChunk, encodeReportChunk, insertReports, maxReportsPerChunk, readReports, reportChunks, storedReportCount } from './report-chunks';
import { latestSchemaVersion, migrations } from './schema';
import { tempFolder } from './test-files';

const folder = tempFolder();
afterAll(() => folder.remove());

const norms = (scale: number, names = ['dense1.W', 'dense2.W']): LayerNorms[] => names.map((name, i) => ({ name, layer: name.split('.')[0]!, gradNorm: scale * (i + 1), weightNorm: 1 + scale / (i + 1) }));

function report(kind: TrainingProgress['kind'], step: number, overrides: Partial<TrainingProgress> = {}): TrainingProgress {
  const epoch = Math.ceil(step / 25);
  return {
    kind,
    epoch,
    step,
    stepsPerEpoch: 25,
    loss: 1 / step,
    smoothedLoss: 1.1 / step,
    learningRate: 0.01 * 0.99 ** epoch,
    train: { loss: 0.9 / step, accuracy: Math.min(1, 0.5 + step / 1e5) },
    dev: { loss: 1.2 / step, accuracy: Math.min(1, 0.45 + step / 1e5) },
    sampled: kind === 'step',
    norms: norms(1 / step),
    ...overrides,
  };
}

/** run-1: 2,500 epochs (three chunks' worth) and a step evaluation every 10 steps, a null among them; run-2: no dev set, a regression (no accuracy); run-3: nothing. */
const reportsOf: Record<string, TrainingProgress[]> = {
  'run-1': [
    ...Array.from({ length: 2500 }, (_, i) => report('epoch', 25 * (i + 1), i === 1234 ? { loss: null, dev: { loss: null, accuracy: null } } : {})),
    ...Array.from({ length: 30 }, (_, i) => report('step', 10 * (i + 1))),
  ],
  'run-2': [1, 2, 3].map((epoch) => report('epoch', 25 * epoch, { dev: null, train: { loss: 0.3 / epoch, accuracy: null }, norms: norms(0.5, ['dense1.W']) })),
  'run-3': [],
};

const legacyInsert = (table: 'epoch_metrics' | 'step_evaluations') =>
  `INSERT INTO ${table} (run_id, epoch, step, steps_per_epoch, loss, smoothed_loss, learning_rate, train_loss, train_accuracy, dev_loss, dev_accuracy, has_dev, sampled, norms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function v5Database(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    for (const migration of migrations.slice(0, 5)) migration(db);
    db.pragma('user_version = 5');
  })();
  const insertRun = db.prepare(`INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step)
    VALUES (?, ?, 'Net on moons', '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30)`);
  const insert = { epoch: db.prepare(legacyInsert('epoch_metrics')), step: db.prepare(legacyInsert('step_evaluations')) };
  db.transaction(() => {
    Object.entries(reportsOf).forEach(([runId, reports], i) => {
      insertRun.run(runId, i + 1);
      for (const r of reports) {
        insert[r.kind].run(runId, r.epoch, r.step, r.stepsPerEpoch, r.loss, r.smoothedLoss, r.learningRate, r.train.loss, r.train.accuracy, r.dev?.loss ?? null, r.dev?.accuracy ?? null, r.dev ? 1 : 0, r.sampled ? 1 : 0, JSON.stringify(r.norms));
      }
    });
    db.exec("INSERT INTO step_chunks (run_id, first_step, last_step, points) VALUES ('run-1', 1, 1, zeroblob(24))");
  })();
  db.close();
}

const inOrder = (reports: TrainingProgress[]) => [...reports].sort((a, b) => a.step - b.step || (a.kind === b.kind ? 0 : a.kind === 'step' ? -1 : 1));

describe('report chunks', () => {
  it('round-trip every value exactly, a value that is not finite as null and a rate that is not as 0', () => {
    const reports = [
      report('epoch', 25, { loss: Number.NaN, smoothedLoss: Number.POSITIVE_INFINITY, train: { loss: -0, accuracy: 1e-300 } }),
      report('epoch', 50, { dev: { loss: Number.NEGATIVE_INFINITY, accuracy: null }, norms: [{ name: 'dense1.W', layer: 'dense1', gradNorm: Number.NaN, weightNorm: 5e-324 }, { name: 'dense2.W', layer: 'dense2', gradNorm: null, weightNorm: 2 }] }),
      report('epoch', 75, { dev: null, learningRate: Number.NaN }),
    ];
    const chunk = encodeReportChunk(reports);
    expect(chunk).toMatchObject({ kind: 'epoch', firstStep: 25, lastStep: 75, count: 3, tensors: [{ name: 'dense1.W', layer: 'dense1' }, { name: 'dense2.W', layer: 'dense2' }] });
    expect(chunk.values.byteLength).toBe(3 * (12 + 2 * 2) * 8);
    const blob = Buffer.from(chunk.values.buffer);
    expect(decodeReportChunk('epoch', 25, JSON.stringify(chunk.tensors), blob)).toEqual([
      { ...reports[0], loss: null, smoothedLoss: null },
      { ...reports[1], dev: { loss: null, accuracy: null }, norms: [{ name: 'dense1.W', layer: 'dense1', gradNorm: null, weightNorm: 5e-324 }, { name: 'dense2.W', layer: 'dense2', gradNorm: null, weightNorm: 2 }] },
      { ...reports[2], learningRate: 0 },
    ]);
    expect(Object.is(decodeReportChunk('epoch', 25, JSON.stringify(chunk.tensors), blob)[0]!.train.loss, -0)).toBe(true);
    // A buffer that does not start on an 8-byte boundary (as SQLite may hand one back) reads the same.
    const shifted = Buffer.alloc(blob.byteLength + 5);
    blob.copy(shifted, 5);
    expect(decodeReportChunk('epoch', 25, JSON.stringify(chunk.tensors), shifted.subarray(5))).toEqual(decodeReportChunk('epoch', 25, JSON.stringify(chunk.tensors), blob));
    // Damage names the chunk.
    expect(() => decodeReportChunk('epoch', 25, JSON.stringify(chunk.tensors), blob.subarray(0, 100))).toThrow(/epoch reports' chunk from step 25 is damaged: 100 bytes/);
    expect(() => decodeReportChunk('epoch', 25, '{"not":"a list"}', blob)).toThrow(/chunk from step 25 is damaged: its tensors/);
    // Reports of another kind or other tensors do not share a chunk.
    expect(() => encodeReportChunk([report('epoch', 25), report('step', 30)])).toThrow(/step 30 does not belong/);
    expect(() => encodeReportChunk([report('epoch', 25), report('epoch', 50, { norms: norms(1, ['dense1.W']) })])).toThrow(/step 50 does not belong/);
  });

  it(`split by kind, by tensors and every ${maxReportsPerChunk} reports, and read back by step range in the order the run made them`, () => {
    const reports = [
      ...Array.from({ length: maxReportsPerChunk + 2 }, (_, i) => report('epoch', 25 * (i + 1))),
      report('step', 25),
      report('step', 30),
      report('epoch', 25 * (maxReportsPerChunk + 3), { norms: norms(1, ['dense1.W']) }),
    ];
    expect(reportChunks(reports).map((c) => [c.kind, c.firstStep, c.count])).toEqual([
      ['step', 25, 2],
      ['epoch', 25, maxReportsPerChunk],
      ['epoch', 25 * (maxReportsPerChunk + 1), 2],
      ['epoch', 25 * (maxReportsPerChunk + 3), 1],
    ]);
    const opened = openDatabase(folder.file('chunks.db'));
    if (!opened.ok) throw new Error(opened.message);
    const { db } = opened;
    db.prepare(`INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, parameters, epochs, total_steps, epoch, step)
      VALUES ('run-1', 1, 'Net', '{}', 1, 2, 'adam', 'moons', '{}', 'f', 'completed', '2026-12-01T00:00:00.000Z', 10, 3, 30, 3, 30)`).run();
    insertReports(db, 'run-1', reports);
    // Every report, a step's evaluation before the end of the epoch at the same step.
    expect(readReports(db, 'run-1')).toEqual(inOrder(reports));
    expect(readReports(db, 'run-1').slice(0, 4).map((r) => [r.kind, r.step])).toEqual([['step', 25], ['epoch', 25], ['step', 30], ['epoch', 50]]);
    // A range across a chunk's end, and one kind only.
    const end = 25 * maxReportsPerChunk;
    expect(readReports(db, 'run-1', end - 25, end + 25).map((r) => r.step)).toEqual([end - 25, end, end + 25]);
    expect(readReports(db, 'run-1', 1, 50, ['step']).map((r) => r.step)).toEqual([25, 30]);
    expect(storedReportCount(db, 'epoch', 'run-1')).toBe(maxReportsPerChunk + 3);
    expect(storedReportCount(db, 'step')).toBe(2);

    // The same reports again (a queue trial's result recorded twice) replace, not repeat, what is stored; so do new values at a stored step.
    insertReports(db, 'run-1', reports);
    expect(readReports(db, 'run-1')).toEqual(inOrder(reports));
    const changed = [report('epoch', 50, { loss: 0.125 }), report('epoch', 50, { loss: 0.25 }), report('step', 30, { sampled: false })];
    insertReports(db, 'run-1', changed);
    const expected = inOrder([...reports.filter((r) => !((r.kind === 'epoch' && r.step === 50) || (r.kind === 'step' && r.step === 30))), changed[1]!, changed[2]!]);
    expect(readReports(db, 'run-1')).toEqual(expected);
    expect(storedReportCount(db, 'epoch', 'run-1')).toBe(maxReportsPerChunk + 3);
    expect(db.prepare("SELECT count(*) FROM report_chunks WHERE run_id = 'run-1' AND kind = 'epoch'").pluck().get()).toBeLessThanOrEqual(3);
    db.close();
  });
});

describe('schema v6', () => {
  const file = folder.file('v5.db');

  it("moves every run's report rows into chunks, drops the row tables and keeps everything else", () => {
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(6);
    v5Database(file);
    const raw = new Database(file, { readonly: true });
    const runsBefore = raw.prepare('SELECT * FROM runs ORDER BY seq').all();
    const stepsBefore = raw.prepare('SELECT * FROM step_chunks').all();
    raw.close();

    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    const { db } = opened;
    expect(opened.notices.join(' ')).toMatch(new RegExp(`backup-v5.* upgraded from schema version 5 to ${latestSchemaVersion}`));
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('epoch_metrics', 'step_evaluations')").pluck().get()).toBe(0);
    for (const [runId, reports] of Object.entries(reportsOf)) {
      expect(readReports(db, runId)).toEqual(inOrder(reports));
      expect(storedReportCount(db, 'epoch', runId)).toBe(reports.filter((r) => r.kind === 'epoch').length);
    }
    expect(db.prepare("SELECT kind, first_step, report_count FROM report_chunks WHERE run_id = 'run-1' ORDER BY kind, first_step").all()).toEqual([
      { kind: 'epoch', first_step: 25, report_count: maxReportsPerChunk },
      { kind: 'epoch', first_step: 25 * (maxReportsPerChunk + 1), report_count: maxReportsPerChunk },
      { kind: 'epoch', first_step: 25 * (2 * maxReportsPerChunk + 1), report_count: 2500 - 2 * maxReportsPerChunk },
      { kind: 'step', first_step: 10, report_count: 30 },
    ]);
    expect(db.prepare('SELECT * FROM runs ORDER BY seq').all()).toEqual(runsBefore);
    expect(db.prepare('SELECT * FROM step_chunks').all()).toEqual(stepsBefore);
    // Chunks go with their run.
    db.prepare("DELETE FROM runs WHERE id = 'run-1'").run();
    expect(storedReportCount(db, 'epoch')).toBe(3);
    expect(storedReportCount(db, 'step')).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

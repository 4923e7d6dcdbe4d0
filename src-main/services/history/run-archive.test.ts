import { afterEach, describe, expect, it } from 'vitest';
import { RunSettings, type RunSummary, type TrainingProgress } from '@shared/api';
import { instantiateTemplate } from '@shared/graph/templates';
import { openDatabase, type SqliteDatabase } from './database';
import { showRun } from './history-queries';
import { archiveFormat, exportRuns, importRuns, parseArchive } from './run-archive';
import { SqliteRunStore } from './sqlite-run-store';
import { tempFolder } from './test-files';
import { stepColumnsOf } from '@shared/training/step-columns';

let folder = tempFolder();
afterEach(() => {
  folder.remove();
  folder = tempFolder();
});

const csv = 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';
const settings = RunSettings.parse({
  data: { kind: 'csv-text', name: 'xor.csv', text: csv, label: 'y' },
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, learningRate: 0.01, batchSize: 2, epochs: 2 },
  seeds: { data: 7, model: 11 },
});
const design = instantiateTemplate('three-layer')!;

const report = (kind: 'step' | 'epoch', epoch: number, step: number): TrainingProgress => ({
  kind, epoch, step, stepsPerEpoch: 2, loss: 0.5 / step, smoothedLoss: 0.6 / step, learningRate: 0.01,
  train: { loss: 0.4 / epoch, accuracy: 0.75 }, dev: { loss: 0.7 / epoch, accuracy: 0.5 }, sampled: kind === 'step', norms: [{ name: 'dense1.W', layer: 'dense1', gradNorm: 0.1, weightNorm: 2 }],
});

function open(name: string): SqliteDatabase {
  const opened = openDatabase(folder.file(name));
  if (!opened.ok) throw new Error(opened.message);
  return opened.db;
}

/** Two runs recorded as the training service records them: run-2 continued from run-1, with a change mid-run, tags and notes. */
function recorded(name: string): void {
  const store = new SqliteRunStore(open(name), { flushIntervalMs: 60_000 });
  for (const [i, createdAt] of ['2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z'].entries()) {
    const runId = store.newRunId();
    const start: RunSummary = {
      runId, label: `XOR net ${i} on xor.csv`, state: 'running', createdAt, dataset: 'xor.csv', settings, parameters: 17, epoch: 0, epochs: 2, step: 0, totalSteps: 4,
      stepsPerSecond: null, train: null, dev: null, result: null, test: null, error: null, warnings: [], interventions: [],
    };
    store.saveSummary(start);
    store.saveDesign(runId, 'XOR net', design);
    store.appendSteps(runId, stepColumnsOf([1, 2, 3, 4].map((step) => ({ step, epoch: Math.ceil(step / 2), loss: 1 / step, learningRate: 0.01 }))));
    store.appendReports(runId, [report('epoch', 1, 2), report('step', 2, 3), report('epoch', 2, 4)]);
    store.appendInterventions(runId, [{ step: 3, changes: { learningRate: 0.005 } }]);
    store.saveSummary({ ...start, state: 'completed', epoch: 2, step: 4, train: report('epoch', 2, 4).train, dev: report('epoch', 2, 4).dev, interventions: [{ step: 3, changes: { learningRate: 0.005 } }] });
    store.setTags(runId, ['xor', `n${i}`]);
    store.setNotes(runId, `note ${i}`);
  }
  store.close();
  const db = open(name);
  db.prepare("UPDATE runs SET continued_from = 'run-1' WHERE id = 'run-2'").run();
  db.close();
}

const withoutIds = (run: ReturnType<typeof showRun>) => ({ ...run!, id: 'x', continuedFrom: run!.continuedFrom === null ? null : 'linked' });

describe('run archive: export, then import into another database', () => {
  it('round-trips every record (settings with the CSV text, design, steps, reports, interventions, tags, notes, links) under new ids; a second import adds nothing', () => {
    recorded('a.db');
    const a = open('a.db');
    const archive = exportRuns(a, ['run-1', 'run-2'], new Date('2026-12-02T00:00:00Z'));
    const text = JSON.stringify(archive);
    expect(archive.runs[0]!.settings).toEqual(settings);

    // The target already has a run of its own, so the imported ids move on.
    recorded('b.db');
    const b = open('b.db');
    b.prepare("DELETE FROM runs WHERE id = 'run-2'").run();
    b.prepare("UPDATE runs SET created_at = '2026-11-30T00:00:00.000Z' WHERE id = 'run-1'").run();
    const parsed = parseArchive(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const outcome = importRuns(b, parsed.archive);
    expect(outcome).toEqual({ imported: [{ from: 'run-1', to: 'run-2' }, { from: 'run-2', to: 'run-3' }], skipped: [] });
    expect(withoutIds(showRun(b, 'run-2'))).toEqual(withoutIds(showRun(a, 'run-1')));
    expect(withoutIds(showRun(b, 'run-3'))).toEqual(withoutIds(showRun(a, 'run-2')));
    expect(showRun(b, 'run-3')!.continuedFrom).toBe('run-2');
    // Every step and report is there, and exporting the imported runs gives the same records.
    const again = exportRuns(b, ['run-2', 'run-3']);
    expect(again.runs.map((run) => ({ ...run, id: 'x', continuedFrom: null }))).toEqual(archive.runs.map((run) => ({ ...run, id: 'x', continuedFrom: null })));
    // The design is the same version of the same design, not a copy.
    expect(b.prepare('SELECT count(*) FROM design_versions').pluck().get()).toBe(1);

    expect(importRuns(b, parsed.archive)).toEqual({ imported: [], skipped: ['run-1', 'run-2'] });
    expect(b.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(3);
    a.close();
    b.close();
  });
});

describe('run archive: a broken or hostile file is refused with a message', () => {
  const valid = () => {
    recorded('source.db');
    const db = open('source.db');
    const archive = exportRuns(db, ['run-1']);
    db.close();
    return archive as unknown as Record<string, unknown> & { runs: Record<string, unknown>[] };
  };

  it.each([
    ['not JSON', () => '{"format": "deepwire-runs", ', /it is not JSON/],
    ['another format', () => JSON.stringify({ format: 'something-else', version: 1 }), /not a Deepwire runs file \(its "format" is "something-else"/],
    ['a newer version', () => JSON.stringify({ ...valid(), version: 2 }), /written by a newer Deepwire \(runs file version 2; this one reads version 1\)/],
    ['a number too large for a double (1e999 → Infinity)', () => JSON.stringify(valid()).replace('"parameters":17', '"parameters":1e999'), /is not a finite number/],
    ['a __proto__ key', () => JSON.stringify(valid()).replace('"notes":', '"__proto__":{"polluted":true},"notes":'), /refused/],
    ['nesting 10,000 deep', () => `{"format":"${archiveFormat}","version":1,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, /nested deeper than 64/],
    ['an unknown field', () => JSON.stringify({ ...valid(), extra: 1 }), /does not read as a runs file: .*extra/],
    ['a wrong status', () => { const v = valid(); v.runs[0]!.status = 'exploded'; return JSON.stringify(v); }, /runs\.0\.status/],
    ['steps with a gap', () => { const v = valid(); (v.runs[0]!.steps as unknown[]).splice(1, 1); return JSON.stringify(v); }, /run run-1: its steps must run 1, 2, 3, … without gaps; entry 1 is step 3/],
  ])('%s', (_name, text, message) => {
    const parsed = parseArchive(text());
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('an import that fails part-way (here: the second run cannot be written) leaves the database as it was', () => {
    recorded('source.db');
    const source = open('source.db');
    const archive = exportRuns(source, ['run-1', 'run-2']);
    source.close();
    const target = open('target.db');
    target.exec("CREATE TEMP TRIGGER refuse_second BEFORE INSERT ON runs WHEN NEW.seq = 2 BEGIN SELECT RAISE(ABORT, 'no room for a second run'); END");
    expect(() => importRuns(target, archive)).toThrow(/no room for a second run/);
    for (const table of ['runs', 'step_chunks', 'report_chunks', 'interventions', 'run_tags', 'designs', 'dataset_texts']) expect(target.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    target.close();
  });
});

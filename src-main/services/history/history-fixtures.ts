/**
 * A hand-built history for the History tests: four runs recorded through the real SqliteRunStore
 * (three ended, one still running and not flushed), with known metrics, durations, tags and notes.
 */
import { RunSettings, type Diagnosis, type RunSummary, type TrainingProgress } from '@shared/api';
import { courseNet } from '../training/service-fixtures';
import type { SqliteRunStore } from './sqlite-run-store';
import { stepColumnsOf } from '@shared/training/step-columns';

/** The store's clock: tests move it to give runs their start and end times. */
export class TestClock {
  at = Date.parse('2026-12-01T10:00:00.000Z');
  readonly now = () => new Date(this.at);
}

export const csvText = 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

const settingsFor = (data: unknown, optimizer: Record<string, unknown>, learningRate: number) =>
  RunSettings.parse({ data, settings: { initializer: { kind: 'he' }, optimizer, learningRate, batchSize: 8, epochs: 3 }, seeds: { data: 1, model: 2 } });

export const diagnosis: Diagnosis = {
  verdict: 'high-variance',
  focus: 'variance',
  basis: 'error',
  trainError: 0.02,
  devError: 0.1,
  targetError: 0,
  avoidableBias: 0.02,
  variance: 0.08,
  biasThreshold: 0.05,
  varianceThreshold: 0.05,
  summary: 'The dev error is well above the training error.',
  remedies: ['more data', 'regularization'],
};

interface RunSpec {
  runId: string;
  label: string;
  dataset: string;
  settings: RunSettings;
  createdAt: string;
  state: RunSummary['state'];
  /** Per epoch: train loss, dev loss and dev accuracy (dev null: no dev set that epoch). */
  epochs: { trainLoss: number; dev: { loss: number; accuracy: number } | null }[];
  durationMs: number;
  design?: { name: string; doc: unknown };
  tags?: string[];
  notes?: string;
  diagnosis?: Diagnosis;
}

export const specs: RunSpec[] = [
  {
    runId: 'run-1', label: 'Course net on moons', dataset: 'moons', settings: settingsFor({ kind: 'moons' }, { kind: 'adam' }, 0.01), createdAt: '2026-12-01T10:00:00.000Z', state: 'completed',
    epochs: [{ trainLoss: 0.6, dev: { loss: 0.7, accuracy: 0.6 } }, { trainLoss: 0.4, dev: { loss: 0.5, accuracy: 0.7 } }, { trainLoss: 0.2, dev: { loss: 0.3, accuracy: 0.9 } }],
    durationMs: 3000, design: { name: 'Course net', doc: courseNet() }, tags: ['baseline'], notes: 'first try with Adam', diagnosis,
  },
  {
    runId: 'run-2', label: 'Wide net on iris', dataset: 'iris', settings: settingsFor({ kind: 'iris' }, { kind: 'momentum' }, 0.05), createdAt: '2026-12-01T11:00:00.000Z', state: 'stopped',
    epochs: [{ trainLoss: 0.9, dev: null }, { trainLoss: 0.3, dev: { loss: 0.2, accuracy: 0.95 } }],
    durationMs: 1000, tags: ['wide', 'baseline'],
  },
  {
    runId: 'run-3', label: 'tiny on xor.csv', dataset: 'xor.csv', settings: settingsFor({ kind: 'csv-text', name: 'xor.csv', text: csvText, label: 'y' }, { kind: 'gd' }, 0.1), createdAt: '2026-12-01T12:00:00.000Z', state: 'failed',
    epochs: [], durationMs: 500,
  },
  {
    runId: 'run-4', label: 'Course net on moons', dataset: 'moons', settings: settingsFor({ kind: 'moons' }, { kind: 'adam' }, 0.02), createdAt: '2026-12-01T13:00:00.000Z', state: 'running',
    epochs: [{ trainLoss: 0.5, dev: { loss: 0.6, accuracy: 0.65 } }], durationMs: 0, design: { name: 'Course net', doc: courseNet() },
  },
];

function epochReport(epoch: number, values: RunSpec['epochs'][number]): TrainingProgress {
  return { kind: 'epoch', epoch, step: epoch * 2, stepsPerEpoch: 2, loss: values.trainLoss + 0.05, smoothedLoss: values.trainLoss + 0.1, learningRate: 0.01, train: { loss: values.trainLoss, accuracy: 0.8 }, dev: values.dev, sampled: false, norms: [] };
}

/** Records the runs as the training service would; the running one stays unflushed in the store's buffer. */
export function recordHistory(store: SqliteRunStore, clock: TestClock): void {
  for (const spec of specs) {
    const last = spec.epochs.at(-1);
    const base: RunSummary = {
      runId: spec.runId, label: spec.label, state: 'running', createdAt: spec.createdAt, dataset: spec.dataset, settings: spec.settings, parameters: 91, epoch: 0, epochs: 3, step: 0, totalSteps: 6,
      stepsPerSecond: null, train: null, dev: null, result: null, test: null, error: null, warnings: [], interventions: [],
    };
    clock.at = Date.parse(spec.createdAt);
    store.saveSummary(base);
    if (spec.design) store.saveDesign(spec.runId, spec.design.name, spec.design.doc);
    spec.epochs.forEach((values, i) => {
      store.appendSteps(spec.runId, stepColumnsOf([1, 2].map((k) => ({ step: i * 2 + k, epoch: i + 1, loss: values.trainLoss, learningRate: 0.01 }))));
      store.appendReports(spec.runId, [epochReport(i + 1, values)]);
    });
    const reached = { epoch: spec.epochs.length, step: spec.epochs.length * 2, train: last ? { loss: last.trainLoss, accuracy: 0.8 } : null, dev: last?.dev ?? null };
    if (spec.state === 'running') {
      store.saveSummary({ ...base, ...reached });
      continue;
    }
    clock.at += spec.durationMs;
    const result = spec.diagnosis
      ? { status: 'completed' as const, epochs: reached.epoch, steps: reached.step, train: reached.train!, dev: reached.dev, bestEpoch: null, learningRate: 0.01, hint: null, diagnosis: spec.diagnosis, adjustments: [], lastFinite: null }
      : null;
    store.saveSummary({ ...base, ...reached, state: spec.state, result, error: spec.state === 'failed' ? 'the worker ran out of memory' : null });
    if (spec.tags) store.setTags(spec.runId, spec.tags);
    if (spec.notes) store.setNotes(spec.runId, spec.notes);
  }
}

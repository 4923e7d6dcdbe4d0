import { describe, expect, it } from 'vitest';
import type { RunHistory, StepPoint, TrainingProgress } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import { MemoryRunStore } from './run-store';
import { runningSummary } from './service-fixtures';
import { stepColumnsOf } from '@shared/training/step-columns';

const summary = runningSummary;
const point = (step: number): StepPoint => ({ step, epoch: Math.ceil(step / 10), loss: 1 / step, learningRate: 0.1 });
const epochReport = (epoch: number): TrainingProgress => ({
  kind: 'epoch',
  epoch,
  step: epoch * 10,
  stepsPerEpoch: 10,
  loss: 0.5,
  smoothedLoss: 0.5,
  learningRate: 0.1,
  train: { loss: 0.5, accuracy: 0.8 },
  dev: null,
  sampled: false,
  norms: [],
});

describe('MemoryRunStore: a long history comes in pages', () => {
  const store = new MemoryRunStore();
  store.saveSummary(summary);
  store.appendSteps('run-1', stepColumnsOf(Array.from({ length: 30 }, (_, i) => point(i + 1))));
  store.appendReports('run-1', [epochReport(1), epochReport(2), epochReport(3)]);

  it('pages of `limit` steps chain by nextStep to exactly every step once, each with the reports of its steps', () => {
    const pages: RunHistory[] = [];
    for (let from: number | null = 1; from !== null; ) {
      const page: RunHistory = store.get('run-1', from, 12)!;
      pages.push(page);
      from = page.nextStep;
    }
    expect(pages.map((p) => p.steps.length)).toEqual([12, 12, 6]);
    expect(pages.flatMap((p) => p.steps.map((s) => s.step))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // The epoch-1 report (after step 10) is in the first page, epoch 2's (step 20) in the second, epoch 3's in the last.
    expect(pages.map((p) => p.reports.map((r) => r.epoch))).toEqual([[1], [2], [3]]);
    expect(pages.at(-1)!.nextStep).toBeNull();
  });

  it('says there is nothing more when a page reaches the latest step exactly', () => {
    expect(store.get('run-1', 21, 10)!.nextStep).toBeNull();
    expect(store.get('run-1', 31, 10)).toMatchObject({ steps: [], nextStep: null });
  });
});

describe('MemoryRunStore: designs, models and checkpoints', () => {
  const model = { format: 'deepwire-model', version: 1, spec: { inputSize: 1, layers: [], output: { activation: 'sigmoid', loss: 'binary-crossentropy' } }, weights: {}, normalization: { kind: 'none' }, metadata: { createdAt: '2026-12-02T00:00:00.000Z', seed: 1, training: {} } } as unknown as ModelDocument;
  const checkpoint = (epoch: number): CheckpointDocument => ({ model: { ...model, metadata: { ...model.metadata, training: { epochs: epoch } } }, optimizerState: { kind: 'adam', t: epoch } });

  it('gives back what was saved; nothing for a run that has none', () => {
    const store = new MemoryRunStore();
    store.saveSummary(summary);
    expect([store.design('run-1'), store.model('run-1'), store.checkpoints('run-1')]).toEqual([null, null, []]);
    store.saveDesign('run-1', 'Course net', { nodes: [] });
    store.saveModel('run-1', model);
    expect(store.design('run-1')).toEqual({ name: 'Course net', doc: { nodes: [] } });
    expect(store.model('run-1')).toEqual(model);
    expect([store.design('run-9'), store.model('run-9'), store.checkpoints('run-9')]).toEqual([null, null, []]);
    expect(() => store.saveModel('run-9', model)).toThrow(/no run run-9/);
  });

  it('keeps checkpoints oldest first, one per epoch (a later one of the same epoch replaces it, as the database does)', () => {
    const store = new MemoryRunStore();
    store.saveSummary(summary);
    store.saveCheckpoint('run-1', 2, 20, checkpoint(2));
    store.saveCheckpoint('run-1', 1, 10, checkpoint(1));
    store.saveCheckpoint('run-1', 3, 25, checkpoint(3));
    store.saveCheckpoint('run-1', 3, 27, checkpoint(3));
    expect(store.checkpoints('run-1').map((c) => [c.epoch, c.step])).toEqual([
      [1, 10],
      [2, 20],
      [3, 27],
    ]);
    expect(store.checkpoints('run-1')[0]!.doc).toEqual(checkpoint(1));
  });
});

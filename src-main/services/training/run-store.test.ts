import { describe, expect, it } from 'vitest';
import type { RunHistory, StepPoint, TrainingProgress } from '@shared/api';
import { MemoryRunStore } from './run-store';
import { runningSummary } from './service-fixtures';

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
  store.appendSteps('run-1', Array.from({ length: 30 }, (_, i) => point(i + 1)));
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

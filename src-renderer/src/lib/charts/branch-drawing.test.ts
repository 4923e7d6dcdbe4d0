import { describe, expect, it } from 'vitest';
import type { StepPoint, TrainingProgress } from '@shared/api';
import type { ChartRun } from './chart-run';
import { lineSpecs } from './line-specs';
import { RunSeries } from './series';

const steps = (count: number): StepPoint[] => Array.from({ length: count }, (_, i) => ({ step: i + 1, epoch: 1, loss: 1 / (i + 1), learningRate: 0.05 }));
const epochReport = (epoch: number, step: number): TrainingProgress => ({
  kind: 'epoch',
  epoch,
  step,
  stepsPerEpoch: 3,
  loss: 0.5,
  smoothedLoss: 0.5,
  train: { loss: 0.5, accuracy: 0.8 },
  dev: { loss: 0.6, accuracy: 0.75 },
  sampled: false,
  norms: [],
  learningRate: 0.05,
});

const source: ChartRun = { runId: 'run-1', label: 'run-1', color: '#111111', steps: steps(6), reports: [], interventions: [{ step: 2, changes: { learningRate: 0.2 } }] };
const branch: ChartRun = {
  runId: 'run-2',
  label: 'run-2',
  color: '#222222',
  steps: steps(3),
  reports: [],
  interventions: [
    { step: 0, changes: { learningRate: 0.05 } },
    { step: 2, changes: { l2: 0.01 } },
  ],
  offset: { step: 4, epoch: 2 },
  rollbackTo: 2,
};

describe('a branch on its source’s curves', () => {
  it('starts where it branched: steps and epochs shifted by its offset', () => {
    const series = new RunSeries();
    series.update({ ...branch, reports: [epochReport(1, 3)] });
    expect(series.loss.map((p) => p.x)).toEqual([5, 6, 7]);
    expect(series.learningRate.map((p) => p.x)).toEqual([5, 6, 7]);
    expect(series.epochDevLoss.map((p) => p.x)).toEqual([3]);
  });

  it('redraws every point when its offset becomes known later', () => {
    const series = new RunSeries();
    const unplaced = { ...branch, offset: { step: 0, epoch: 0 } };
    series.update(unplaced);
    expect(series.loss.map((p) => p.x)).toEqual([1, 2, 3]);
    series.update(branch);
    expect(series.loss.map((p) => p.x)).toEqual([5, 6, 7]);
  });

  it('marks the rollback on step and epoch charts, and the branch’s own changes shifted', () => {
    const lossStep = lineSpecs.find((spec) => spec.id === 'loss-step')!;
    const marks = lossStep.marks({ runs: [branch, source] });
    expect(marks).toEqual([
      { step: 4, label: 'rollback to epoch 2', color: '#222222' },
      { step: 6, label: 'λ 0.01', color: '#222222' },
      { step: 2, label: 'α 0.2', color: '#111111' },
    ]);
    const accuracy = lineSpecs.find((spec) => spec.id === 'accuracy')!;
    expect(accuracy.marks({ runs: [branch, source] })).toEqual([{ step: 2, label: 'rollback to epoch 2', color: '#222222' }]);
  });
});

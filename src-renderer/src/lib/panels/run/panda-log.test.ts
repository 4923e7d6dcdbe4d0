import { describe, expect, it } from 'vitest';
import type { RunSettings, RunSummary } from '@shared/api';
import { pandaLog, pandaLogLine, rollbackChanges, rollbackText } from './panda-log';

const settings = (learningRate: number): RunSettings => ({
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  normalize: 'zscore',
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, schedule: { kind: 'constant' }, learningRate, l2: 0, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
  backend: 'auto',
});

function summary(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    label: 'Course net on moons',
    state: 'stopped',
    createdAt: '2025-01-02T03:04:05.000Z',
    dataset: 'moons',
    settings: settings(0.1),
    parameters: 91,
    epoch: 6,
    epochs: 10,
    step: 600,
    totalSteps: 1000,
    stepsPerSecond: null,
    train: null,
    dev: null,
    result: null,
    test: null,
    error: null,
    warnings: [],
    interventions: [],
    ...overrides,
  };
}

// run-1 had α 0.2 at step 120 and α 0.5 at step 500 (after epoch 4's checkpoint), then was rolled
// back to epoch 4 with α 0.05 (run-2, which says so in its settings); run-2 had λ 0.01 at its step 50.
const source = summary('run-1', {
  interventions: [
    { step: 120, changes: { learningRate: 0.2 } },
    { step: 500, changes: { learningRate: 0.5 } },
  ],
});
const branch = summary('run-2', {
  state: 'running',
  settings: settings(0.05),
  continuedFrom: 'run-1',
  branchedAt: { epoch: 4, step: 400 },
  interventions: [{ step: 50, changes: { l2: 0.01 } }],
});

describe('the panda log', () => {
  it('says what a rollback changed against the source at its checkpoint', () => {
    expect(rollbackChanges(branch, source)).toEqual({ learningRate: 0.05 });
    expect(rollbackText(branch, source)).toBe('rolled back to epoch 4, α 0.05');
  });

  it('finds no change when the branch kept the values the source had at the checkpoint', () => {
    const kept = summary('run-3', { settings: settings(0.2), continuedFrom: 'run-1', branchedAt: { epoch: 4, step: 400 } });
    expect(rollbackChanges(kept, source)).toBeNull();
    expect(rollbackText(kept, source)).toBe('rolled back to epoch 4');
  });

  it('reads changes sent as step-0 interventions, even without the source', () => {
    const early = summary('run-4', { continuedFrom: 'run-0', branchedAt: { epoch: 2, step: 20 }, interventions: [{ step: 0, changes: { learningRate: 0.01 } }] });
    expect(rollbackText(early, undefined)).toBe('rolled back to epoch 2 of run-0, α 0.01');
  });

  it('lists the way to a branch: the source up to the branch point, the rollback, then the branch shifted', () => {
    const lines = pandaLog([branch, source], 'run-2').map(pandaLogLine);
    expect(lines).toEqual(['step 120: α 0.2', 'step 400: rolled back to epoch 4, α 0.05', 'step 450: λ 0.01']);
  });

  it('lists a run of its own as its interventions', () => {
    expect(pandaLog([branch, source], 'run-1').map((e) => [e.kind, e.step])).toEqual([
      ['intervention', 120],
      ['intervention', 500],
    ]);
  });
});

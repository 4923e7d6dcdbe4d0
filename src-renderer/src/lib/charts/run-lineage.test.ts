import { describe, expect, it } from 'vitest';
import { ancestryOf, branchSourceId, lineageOf, offsetOf, type LineageRun } from './run-lineage';

const run = (runId: string, from?: string, at?: { epoch: number; step: number }): LineageRun => ({ runId, continuedFrom: from ?? null, branchedAt: at ?? null });

// run-1 → (epoch 4, step 400) run-2 → (epoch 2, step 200) run-4; run-1 → (epoch 6, step 600) run-3;
// run-5 continues run-1 (history:continue, no branch point); run-9 branches from a run not listed.
const runs = [
  run('run-9', 'run-0', { epoch: 3, step: 30 }),
  run('run-5', 'run-1'),
  run('run-4', 'run-2', { epoch: 2, step: 200 }),
  run('run-3', 'run-1', { epoch: 6, step: 600 }),
  run('run-2', 'run-1', { epoch: 4, step: 400 }),
  run('run-1'),
];

describe('run lineage', () => {
  it('names the source of a branch only, not of a continuation', () => {
    expect(branchSourceId(runs[4]!)).toBe('run-1');
    expect(branchSourceId(runs[1]!)).toBeNull();
    expect(branchSourceId(runs[5]!)).toBeNull();
  });

  it('walks a branch of a branch up to its root', () => {
    expect(ancestryOf(runs, 'run-4').map((r) => r.runId)).toEqual(['run-1', 'run-2', 'run-4']);
    expect(ancestryOf(runs, 'run-1').map((r) => r.runId)).toEqual(['run-1']);
    expect(ancestryOf(runs, 'run-9').map((r) => r.runId)).toEqual(['run-9']);
    expect(ancestryOf(runs, 'run-77')).toEqual([]);
  });

  it('shifts a branch by every branch point above it', () => {
    expect(offsetOf(runs, 'run-1')).toEqual({ step: 0, epoch: 0 });
    expect(offsetOf(runs, 'run-2')).toEqual({ step: 400, epoch: 4 });
    expect(offsetOf(runs, 'run-4')).toEqual({ step: 600, epoch: 6 });
    expect(offsetOf(runs, 'run-3')).toEqual({ step: 600, epoch: 6 });
    // Its source is unknown, but where it branched still places it.
    expect(offsetOf(runs, 'run-9')).toEqual({ step: 30, epoch: 3 });
    expect(offsetOf(runs, 'run-5')).toEqual({ step: 0, epoch: 0 });
  });

  it('gathers the whole tree of branches from any of its runs, leaving continuations out', () => {
    const tree = ['run-4', 'run-3', 'run-2', 'run-1'];
    expect(lineageOf(runs, 'run-1')).toEqual(tree);
    expect(lineageOf(runs, 'run-4')).toEqual(tree);
    expect(lineageOf(runs, 'run-5')).toEqual(['run-5']);
  });

  it('survives a cycle (never valid, but never a hang)', () => {
    const loop = [run('run-1', 'run-2', { epoch: 1, step: 10 }), run('run-2', 'run-1', { epoch: 1, step: 10 })];
    expect(ancestryOf(loop, 'run-1').map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(offsetOf(loop, 'run-1')).toEqual({ step: 20, epoch: 2 });
  });
});

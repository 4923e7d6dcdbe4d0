import { describe, expect, it } from 'vitest';
import { createClient, type CommandName, type EventName, type RunSettings, type RunSummary, type Transport } from '@shared/api';
import { RollbackDraft } from './run-settings-rollback.svelte';
import { TrainingState } from './training.svelte';

const settings = (learningRate: number): RunSettings => ({
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  normalize: 'zscore',
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'momentum', beta: 0.9 }, schedule: { kind: 'constant' }, learningRate, l2: 0, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
  backend: 'auto',
});

function summary(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    label: 'Course net on moons',
    state: 'running',
    createdAt: '2025-01-02T03:04:05.000Z',
    dataset: 'moons',
    settings: settings(0.1),
    parameters: 91,
    epoch: 5,
    epochs: 10,
    step: 50,
    totalSteps: 100,
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

/**
 * A training host in memory with panda's two commands: checkpoints every epoch a run has finished,
 * and a rollback that stops the source and makes a branch with the changes in its settings (as
 * the service's contract describes it).
 */
function pandaHost(initial: RunSummary[]) {
  const runs = new Map(initial.map((run) => [run.runId, run]));
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: Record<string, unknown> }[] = [];
  let next = initial.length + 1;
  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    const run = runs.get(String(request.runId));
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only what the panda flow calls
    switch (channel) {
      case 'training:list':
        return { ok: true, value: { runs: [...runs.values()].reverse() } };
      case 'training:get':
        return run ? { ok: true, value: { run, steps: [], reports: [], visuals: null, nextStep: null } } : { ok: false, error: { code: 'not_found', message: 'no such run' } };
      case 'training:checkpoints':
        if (!run) return { ok: false, error: { code: 'not_found', message: `There is no run ${String(request.runId)}.` } };
        return { ok: true, value: { checkpoints: Array.from({ length: run.epoch }, (_, i) => ({ epoch: i + 1, step: (i + 1) * 10 })) } };
      case 'training:rollback': {
        if (!run) return { ok: false, error: { code: 'not_found', message: 'no such run' } };
        const epoch = Number(request.epoch);
        const changes = (request.changes ?? {}) as { learningRate?: number };
        runs.set(run.runId, { ...run, state: 'stopped' });
        const branch = summary(`run-${next++}`, {
          settings: settings(changes.learningRate ?? run.settings.settings.learningRate),
          epoch: 0,
          step: 0,
          continuedFrom: run.runId,
          branchedAt: { epoch, step: epoch * 10 },
        });
        runs.set(branch.runId, branch);
        return { ok: true, value: branch };
      }
      default:
        return { ok: false, error: { code: 'unavailable', message: `${channel} is not offered here` } };
    }
  };
  const transport: Transport = {
    kind: 'web',
    async invoke(channel, request) {
      calls.push({ channel, request: request as Record<string, unknown> });
      return answer(channel, request as Record<string, unknown>);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { client: createClient(transport), calls, runs, emit };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('panda in the training state', () => {
  it('lists the selected run’s checkpoints', async () => {
    const host = pandaHost([summary('run-1', { epoch: 3 })]);
    const training = new TrainingState(host.client);
    await training.start();
    await settle();
    expect(training.checkpoints).toEqual({ runId: 'run-1', list: [1, 2, 3].map((epoch) => ({ epoch, step: epoch * 10 })), problem: null });
  });

  it('says beside the list why checkpoints could not be listed, not as the run’s error', async () => {
    const host = pandaHost([summary('run-1')]);
    const training = new TrainingState(host.client);
    await training.start();
    await training.loadCheckpoints('run-9');
    training.select('run-9');
    await settle();
    expect(training.checkpoints?.problem).toBe('There is no run run-9.');
    expect(training.error).toBeNull();
  });

  it('rolls back with the form’s changes: the branch is selected, the source kept and drawn under it, shifted', async () => {
    const host = pandaHost([summary('run-1', { interventions: [{ step: 15, changes: { learningRate: 0.2 } }] })]);
    const training = new TrainingState(host.client);
    await training.start();
    await settle();
    const draft = new RollbackDraft(training.selected!, { epoch: 4, step: 40 });
    // Prefilled with what the run trains with now (after its change at step 15).
    expect(draft.drafts.learningRate).toBe('0.2');
    expect(draft.fields.map((f) => f.id)).toEqual(['learningRate', 'beta', 'l2', 'batchSize']);
    draft.set('learningRate', '0.05');
    const changes = draft.changes();
    expect(changes).toEqual({ learningRate: 0.05 });
    const branch = await training.rollback('run-1', 4, changes === 'invalid' ? null : changes);
    expect(host.calls.find((c) => c.channel === 'training:rollback')?.request).toEqual({ runId: 'run-1', epoch: 4, changes: { learningRate: 0.05 } });
    expect(branch?.runId).toBe('run-2');
    expect(training.selectedId).toBe('run-2');
    expect(training.runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(training.chartRuns.map((r) => [r.runId, r.offset, r.rollbackTo])).toEqual([
      ['run-2', { step: 40, epoch: 4 }, 4],
      ['run-1', { step: 0, epoch: 0 }, null],
    ]);
    expect(training.pandaLog.map((e) => `${e.step} ${e.text}`)).toEqual(['15 α 0.2', '40 rolled back to epoch 4, α 0.05']);
  });

  it('keeps a rollback form from sending while a field is wrong, and sends nothing new when all is as it was', () => {
    const run = summary('run-1');
    const draft = new RollbackDraft(run, { epoch: 2, step: 20 });
    expect(draft.changes()).toBeNull();
    draft.set('learningRate', '-1');
    expect(draft.errors.learningRate).toBeTruthy();
    expect(draft.changes()).toBe('invalid');
  });

  it('refreshes the checkpoints when the selected run reports an epoch, not at every step', async () => {
    const host = pandaHost([summary('run-1', { epoch: 1, step: 0 })]);
    const training = new TrainingState(host.client);
    await training.start();
    await settle();
    expect(training.checkpoints?.list).toHaveLength(1);
    host.runs.set('run-1', summary('run-1', { epoch: 2, step: 0 }));
    const asked = () => host.calls.filter((c) => c.channel === 'training:checkpoints').length;
    const before = asked();
    const report = (kind: 'step' | 'epoch', step: number) => ({ kind, epoch: 2, step, stepsPerEpoch: 10, loss: 0.5, smoothedLoss: 0.5, learningRate: 0.1, train: { loss: 0.5, accuracy: 0.8 }, dev: null, sampled: false, norms: [] });
    const point = (step: number) => ({ step, epoch: 2, loss: 0.5, learningRate: 0.1 });
    const progress = (step: number, kind: 'step' | 'epoch') => ({ runId: 'run-1', fromStep: step, steps: [point(step)], reports: [report(kind, step)], interventions: [], visuals: null, state: 'running', step, epoch: 2, stepsPerSecond: 50 });
    host.emit('training:progress', progress(1, 'step'));
    await settle();
    expect(asked()).toBe(before);
    host.emit('training:progress', progress(2, 'epoch'));
    await settle();
    expect(asked()).toBe(before + 1);
    expect(training.checkpoints?.list).toHaveLength(2);
  });
});

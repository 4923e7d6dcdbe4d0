/**
 * The training commands through the real dispatcher (request and response schemas checked both
 * ways), answered by a training service with real workers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Result } from '@shared/api';
import { createHandlers } from './handlers';
import { courseNet, EventRecorder } from './training/service-fixtures';
import { TrainingService } from './training/training-service';
import { sourceWorkerEntry } from './training/worker-entry';

let service: TrainingService | null = null;
afterEach(async () => {
  await service?.dispose();
  service = null;
});

function dispatcher(withTraining: boolean) {
  const recorder = new EventRecorder();
  const handlers = createHandlers({
    host: 'web',
    dataDir: '/nonexistent',
    version: '0.0.0',
    emit: recorder.emit,
    ...(withTraining && { training: (emit) => (service = new TrainingService({ emit, worker: sourceWorkerEntry() })) }),
  });
  const dispatch = createDispatcher(handlers);
  return { recorder, call: <T>(channel: string, payload: unknown) => dispatch(channel, payload, { host: 'test' }) as Promise<Result<T>> };
}

// As a page sends it: JSON, defaults left out.
const startRequest = {
  design: courseNet(),
  settings: {
    data: { kind: 'moons', samples: 200, noise: 0.1 },
    settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 100_000 },
    seeds: { data: 1, model: 2 },
  },
};

describe('training commands', () => {
  it('start, list, get and stop answer with responses that pass the contract', async () => {
    const { call, recorder } = dispatcher(true);
    const started = await call<{ runId: string; label: string }>('training:start', startRequest);
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.label).toBe('Untitled on moons');
    await recorder.step(started.value.runId, 1);
    const listed = await call<{ runs: { runId: string }[] }>('training:list', {});
    expect(listed.ok && listed.value.runs.map((r) => r.runId)).toEqual([started.value.runId]);
    const got = await call<{ steps: unknown[] }>('training:get', { runId: started.value.runId, fromStep: 1 });
    expect(got.ok && got.value.steps.length).toBeGreaterThan(0);
    const stopped = await call<{ state: string }>('training:stop', { runId: started.value.runId });
    expect(stopped.ok && stopped.value.state).toBe('stopped');
    expect(await call('training:pause', { runId: 'run-77' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('checkpoints and rollback answer through the contract: a stopped run has the checkpoint of its stop, a branch starts from it', async () => {
    const { call, recorder } = dispatcher(true);
    const started = await call<{ runId: string }>('training:start', startRequest);
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value;
    await recorder.step(runId, 10);
    // Rolling back a training run stops it first; its stop keeps a checkpoint of its current epoch.
    const stopped = await call<{ epoch: number; step: number }>('training:stop', { runId });
    if (!stopped.ok) throw new Error(stopped.error.message);
    const listed = await call<{ checkpoints: { epoch: number; step: number }[] }>('training:checkpoints', { runId });
    expect(listed).toEqual({ ok: true, value: { checkpoints: [{ epoch: stopped.value.epoch, step: stopped.value.step }] } });
    const branch = await call<{ runId: string; continuedFrom: string; branchedAt: unknown }>('training:rollback', { runId, epoch: stopped.value.epoch, changes: { learningRate: 0.001 } });
    expect(branch).toMatchObject({ ok: true, value: { continuedFrom: runId, branchedAt: { epoch: stopped.value.epoch, step: stopped.value.step } } });
    if (branch.ok) await call('training:stop', { runId: branch.value.runId });
    expect(await call('training:rollback', { runId, epoch: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a design with errors as invalid_request, and answers unavailable in a host without the service', async () => {
    const { call } = dispatcher(true);
    const broken = { ...startRequest, design: { ...courseNet(), edges: [] } };
    const refused = await call('training:start', broken);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const without = dispatcher(false);
    expect(await without.call('training:start', startRequest)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await without.call('training:list', {})).toMatchObject({ ok: true, value: { runs: [] } });
  });
});

/**
 * The training service with real worker threads (the TypeScript worker through tsx): queueing,
 * steering between steps, containment of broken workers, divergence, and no thread left behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, events, type CommandError, type StepPoint } from '@shared/api';
import { courseNet, EventRecorder, moonsStart, regressionNet, settledThreadCount, threadCount } from './service-fixtures';
import { MemoryRunStore } from './run-store';
import { TrainingService, type TrainingServiceOptions } from './training-service';
import { sourceWorkerEntry } from './worker-entry';
import { loadNativeAddon } from '../../native/addon';

let services: TrainingService[] = [];
const baselineThreads = threadCount();

function serviceWith(recorder: EventRecorder, options: Partial<TrainingServiceOptions> = {}): TrainingService {
  const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), ...options });
  services.push(service);
  return service;
}

afterEach(async () => {
  for (const service of services) {
    await service.dispose();
    expect(service.workerCount).toBe(0);
  }
  services = [];
  // Every worker thread has been joined: the process has no more threads than before the tests.
  expect(await settledThreadCount(baselineThreads)).toBeLessThanOrEqual(baselineThreads);
});

/** Steps 1 … n, each exactly once, in order. */
function expectContiguous(points: readonly StepPoint[], n: number): void {
  expect(points.map((p) => p.step)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}

/** These tests read a run's whole history at once (the contract pages it for pages; the service method takes any limit). */
const everything = Number.MAX_SAFE_INTEGER;

describe('TrainingService: a run from start to end', () => {
  it('queues, runs and completes a run, streaming every step once and keeping them all in the store', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // 200 moons → 160 training rows → 10 steps an epoch → 30 steps.
    const started = await service.start(moonsStart(3));
    // A free slot: it is already running when start answers.
    expect(started).toMatchObject({ state: 'running', label: 'Course net on moons', dataset: 'moons', totalSteps: 30, epochs: 3, parameters: 91 });
    await recorder.state(started.runId, 'completed');

    const streamed = recorder.progress(started.runId).flatMap((e) => e.steps);
    expectContiguous(streamed, 30);
    const history = service.get({ runId: started.runId, limit: everything });
    expectContiguous(history.steps, 30);
    expect(history.run.state).toBe('completed');
    expect(history.run.result?.status).toBe('completed');
    expect(history.reports.filter((r) => r.kind === 'epoch').map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(history.run.test).not.toBeNull();
    // The engine the run asked for (the fixtures ask for ts: the oracle) is the one that took its steps.
    expect(history.run.backend).toBe('ts');
    expect(recorder.states().filter((s) => s.runId === started.runId).map((s) => s.state)).toEqual(['queued', 'running', 'completed']);
    // Every event passes the contract's schema (what a host sends on).
    for (const e of recorder.events) expect(events[e.event].safeParse(e.payload).success).toBe(true);
  });
});

describe('TrainingService: the engine', () => {
  it("'auto' trains on the native kernels where they built (each worker thread loads them for itself), else on WebAssembly", async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const request = moonsStart(1);
    const started = await service.start({ ...request, settings: { ...request.settings, backend: 'auto' } });
    await recorder.state(started.runId, 'completed');
    expect(service.get({ runId: started.runId, limit: 1 }).run.backend).toBe(loadNativeAddon().ok ? 'native' : 'wasm');
  });
});

describe('TrainingService: at most maxConcurrent running, the rest queued in order', () => {
  it('with one slot, three runs train one after another in the order they were started', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 1 });
    const runs = [await service.start(moonsStart(2)), await service.start(moonsStart(2)), await service.start(moonsStart(2))];
    expect(runs.map((r) => r.state)).toEqual(['running', 'queued', 'queued']);
    await recorder.state(runs[2]!.runId, 'completed');

    // Replay the state events: never more than one run with a worker (running or paused).
    const current = new Map<string, string>();
    for (const summary of recorder.states()) {
      current.set(summary.runId, summary.state);
      expect([...current.values()].filter((s) => s === 'running' || s === 'paused').length).toBeLessThanOrEqual(1);
    }
    const started = recorder.states().filter((s) => s.state === 'running').map((s) => s.runId);
    expect(started).toEqual(runs.map((r) => r.runId));
  });

  it('stopping a queued run ends it without a worker; the next one in line takes the slot', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 1 });
    const first = await service.start(moonsStart(3));
    const second = await service.start(moonsStart(100_000));
    const third = await service.start(moonsStart(1));
    expect((await service.stop({ runId: second.runId })).state).toBe('stopped');
    await recorder.state(third.runId, 'completed');
    expect(service.get({ runId: first.runId, limit: everything }).run.state).toBe('completed');
    expect(service.get({ runId: second.runId, limit: everything }).steps).toEqual([]);
    expect(recorder.states().some((s) => s.runId === second.runId && s.state === 'running')).toBe(false);
  });
});

describe('TrainingService: steering a run between steps', () => {
  it('pause → adjust the learning rate → resume: the steps after the pause use the new rate', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const run = await service.start(moonsStart(100_000));
    await recorder.step(run.runId, 5);
    expect(service.pause({ runId: run.runId }).state).toBe('paused');
    const adjusted = await service.adjust({ runId: run.runId, changes: { learningRate: 0.5 } });
    const [intervention] = adjusted.interventions;
    expect(intervention!.changes).toEqual({ learningRate: 0.5 });
    const pausedAt = intervention!.step;
    expect(pausedAt).toBeGreaterThanOrEqual(5);
    // Paused: no step is taken, so the one before the change is the last until resume.
    expect(service.get({ runId: run.runId, limit: everything }).steps.at(-1)!.step).toBe(pausedAt);

    expect(service.resume({ runId: run.runId }).state).toBe('running');
    await recorder.step(run.runId, pausedAt + 5);
    const stopped = await service.stop({ runId: run.runId });
    expect(stopped.state).toBe('stopped');
    expect(stopped.result?.adjustments).toEqual([intervention]);

    const steps = service.get({ runId: run.runId, limit: everything }).steps;
    expectContiguous(steps, stopped.result!.steps);
    expect(steps.slice(0, pausedAt).every((p) => p.learningRate === 0.01)).toBe(true);
    expect(steps.slice(pausedAt).every((p) => p.learningRate === 0.5)).toBe(true);
    // The intervention travelled with the progress stream too, once.
    expect(recorder.progress(run.runId).flatMap((e) => e.interventions)).toEqual([intervention]);
  });

  it('a mini-batch size changed mid-epoch is recorded at the step its new epoch starts, and streamed once', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // 160 training rows in batches of 16: 10 steps an epoch.
    const run = await service.start(moonsStart(100_000));
    await recorder.step(run.runId, 13);
    service.pause({ runId: run.runId });
    await service.adjust({ runId: run.runId, changes: { batchSize: 40 } });
    // The worker paused before it took the change, and flushed every step up to there.
    const pausedAt = service.get({ runId: run.runId, limit: everything }).steps.at(-1)!.step;
    service.resume({ runId: run.runId });
    const epochStart = Math.ceil(pausedAt / 10) * 10;
    await recorder.step(run.runId, epochStart + 8);
    const stopped = await service.stop({ runId: run.runId });
    expect(stopped.interventions).toEqual([{ step: epochStart, changes: { batchSize: 40 } }]);
    expect(recorder.progress(run.runId).flatMap((e) => e.interventions)).toEqual(stopped.interventions);
    // From there on an epoch is 160 / 40 = 4 steps.
    const after = service.get({ runId: run.runId, limit: everything }).steps.filter((p) => p.step > epochStart);
    const firstEpoch = after[0]!.epoch;
    expect(after.filter((p) => p.epoch === firstEpoch)).toHaveLength(4);
  });

  it('refuses an adjustment the optimizer cannot take, and a pause of a run that has ended', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const run = await service.start(moonsStart(100_000));
    await recorder.step(run.runId, 1);
    await expect(service.adjust({ runId: run.runId, changes: { beta: 0.9 } })).rejects.toMatchObject({ code: 'invalid_request' });
    await service.stop({ runId: run.runId });
    expect(() => service.pause({ runId: run.runId })).toThrow(/cannot be paused: it has ended \(stopped\)/);
    expect(() => service.get({ runId: 'run-999' })).toThrow(/no run run-999/);
  });
});

describe('TrainingService: containment', () => {
  it('a worker that throws fails its run with the message; a run beside it completes', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 2 });
    const broken = await service.start(moonsStart(100_000), { hooks: { throwAtStep: 5 } });
    const healthy = await service.start(moonsStart(3));
    await recorder.state(broken.runId, 'failed');
    await recorder.state(healthy.runId, 'completed');
    const failed = service.get({ runId: broken.runId, limit: everything });
    expect(failed.run.error).toMatch(/The training worker failed: the test hook threw at step 5/);
    // The points posted before the throw are kept (those still in the worker's batch die with it).
    expect(failed.steps.every((p, i) => p.step === i + 1 && p.step < 5)).toBe(true);
  });

  it('a worker past its heap limit fails its run as out of memory; a run beside it completes', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 2 });
    const hog = await service.start(moonsStart(100_000), { hooks: { exhaustMemory: true }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const healthy = await service.start(moonsStart(3));
    await recorder.state(hog.runId, 'failed');
    await recorder.state(healthy.runId, 'completed');
    expect(service.get({ runId: hog.runId, limit: everything }).run.error).toMatch(/ran out of memory \(a training worker may use 64 MB\)/);
  });

  it('a worker deaf to stop is terminated after the grace period; its run ends stopped with its points', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { stopGraceMs: 200, workerFlushMs: 0 });
    const stuck = await service.start(moonsStart(100_000), { hooks: { hangAtStep: 8 } });
    await recorder.step(stuck.runId, 7);
    const stopped = await service.stop({ runId: stuck.runId });
    expect(stopped.state).toBe('stopped');
    expect(stopped.error).toMatch(/did not stop within 0.2 s, so it was ended/);
    expect(stopped.result).toBeNull();
    expectContiguous(service.get({ runId: stuck.runId, limit: everything }).steps, 7);
    expect(service.workerCount).toBe(0);
  });

  it('dispose ends running and queued runs as interrupted and joins every worker', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 1 });
    const running = await service.start(moonsStart(100_000));
    const queued = await service.start(moonsStart(100_000));
    await recorder.step(running.runId, 1);
    await service.dispose();
    expect(service.workerCount).toBe(0);
    expect(service.list().runs.map((r) => r.state)).toEqual(['interrupted', 'interrupted']);
    expect(queued.runId).toBe('run-2');
    await expect(service.start(moonsStart(1))).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('TrainingService: divergence', () => {
  it('a loss that becomes infinite ends the run diverged at that step, keeping every point before it', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // Targets in the thousands, a linear output and plain GD at rate 5: the loss explodes within a few steps.
    const rows = Array.from({ length: 64 }, (_, i) => `${Math.sin(i)},${Math.cos(3 * i)},${Math.round(1000 * Math.sin(7 * i))}`);
    const start = commands['training:start'].request.parse({
      design: regressionNet(),
      settings: {
        data: { kind: 'csv-text', name: 'big-targets.csv', text: ['a,b,y', ...rows].join('\n') },
        split: { train: 1, dev: 0, test: 0 },
        settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 5, batchSize: 16, epochs: 50 },
        seeds: { data: 1, model: 1 },
        backend: 'ts',
      },
    });
    const run = await service.start(start);
    await recorder.state(run.runId, 'diverged');
    const history = service.get({ runId: run.runId, limit: everything });
    expect(history.run.result?.status).toBe('diverged');
    expect(history.run.result?.hint).toMatch(/learning rate/i);
    expectContiguous(history.steps, history.run.result!.steps);
    expect(history.steps.at(-1)!.loss).toBeNull();
    expect(history.steps.slice(0, -1).every((p) => p.loss !== null)).toBe(true);
  });
});

describe('TrainingService: refusing what cannot train', () => {
  it("an invalid design is refused with the editor's diagnostics, one per line with the node", async () => {
    const service = serviceWith(new EventRecorder());
    const design = courseNet() as { nodes: { id: string; kind: string }[]; edges: { target: string }[] };
    // Cut the chain before the loss: the output node leads nowhere.
    const loss = design.nodes.find((n) => n.kind === 'loss')!;
    design.edges = design.edges.filter((e) => e.target !== loss.id);
    const request = moonsStart(1);
    const refused = service.start({ ...request, design: design as unknown as Record<string, unknown> });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_request' });
    const message: string = await refused.then(
      () => '',
      (error: CommandError) => error.message,
    );
    expect(message.split('\n')[0]).toBe('The design cannot be trained until these are fixed:');
        expect(message.split('\n').slice(1).every((line) => line.startsWith('- '))).toBe(true);
    expect(message).toMatch(/^- Sigmoid output 1: .*connect it to a Loss/m);
    expect(service.list().runs).toEqual([]);
  });

  it('a design whose input does not fit the data is refused naming the model', async () => {
    const service = serviceWith(new EventRecorder());
    const request = moonsStart(1);
    const iris = { ...request, settings: { ...request.settings, data: { kind: 'iris' as const } } };
    await expect(service.start(iris)).rejects.toThrow(/The run cannot start \(model\)/);
  });
});

describe('TrainingService: gradient check in a worker', () => {
  it("checks the course net in float64, names the layer with the largest difference, and keeps the check in history", async () => {
    const store = new MemoryRunStore();
    const service = serviceWith(new EventRecorder(), { store });
    const request = moonsStart(1);
    const result = await service.gradcheck({ design: request.design, settings: request.settings, rows: 8 });
    expect(result.verdict).toBe('good');
    expect(result.rows).toBe(8);
    expect(result.layers.map((l) => l.name)).toContain(result.worstLayer);
    expect(service.workerCount).toBe(0);
    expect(store.gradchecks).toEqual([{ runId: null, design: request.design, settings: { ...request.settings, rows: 8, sample: expect.any(Number) }, result }]);
  });
});

describe('TrainingService: a warm spare worker', () => {
  it('keeps one loaded worker idle, hands it the next run, starts the next spare, and dispose joins them all', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { warmSpare: true });
    await vi.waitFor(() => expect(service.spareReady).toBe(true), { timeout: 20_000, interval: 20 });
    expect(service.workerCount).toBe(1);

    const run = await service.start(moonsStart(3));
    // The spare took the run and a new spare is on its way: two threads.
    expect(service.workerCount).toBe(2);
    await recorder.state(run.runId, 'completed');
    expectContiguous(service.get({ runId: run.runId, limit: everything }).steps, 30);
    await vi.waitFor(() => expect(service.spareReady).toBe(true), { timeout: 20_000, interval: 20 });

    // A run with limits of its own gets a fresh thread; the spare stays for the next one.
    const limited = await service.start(moonsStart(3), { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    await recorder.state(limited.runId, 'completed');
    expect(service.spareReady).toBe(true);
    // afterEach: dispose leaves workerCount 0 and no extra threads.
  });
});

describe('TrainingService: a warm spare with one run at a time', () => {
  it('loads no spare beside the one run it may train, and trains the next run on the same thread', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { warmSpare: true, maxConcurrent: 1 });
    await vi.waitFor(() => expect(service.spareReady).toBe(true), { timeout: 20_000, interval: 20 });
    const threadsBefore = threadCount();
    for (let i = 0; i < 3; i++) {
      const run = await service.start(moonsStart(2));
      // The spare took it; no second thread loads beside it (only one run can train at once).
      expect(service.workerCount).toBe(1);
      await recorder.state(run.runId, 'completed');
      await vi.waitFor(() => expect(service.spareReady).toBe(true), { timeout: 20_000, interval: 10 });
    }
    // The same thread each time: none started, none ended.
    expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
  });
});

describe('TrainingService: threads kept for the next run', () => {
  it('trains the next run on the thread the last one finished on, with the same results as a fresh thread, and ends it after idleWorkerMs', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 1, idleWorkerMs: 300 });
    const first = await service.start(moonsStart(3));
    await recorder.state(first.runId, 'completed');
    // Its thread said it is idle and was kept: one thread, no run.
    await vi.waitFor(() => expect(service.spareReady).toBe(true), { timeout: 20_000, interval: 10 });
    expect(service.workerCount).toBe(1);
    const threadsBefore = threadCount();

    const second = await service.start(moonsStart(3));
    // The kept thread took it: no new thread.
    expect(service.workerCount).toBe(1);
    await recorder.state(second.runId, 'completed');
    expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
    // Nothing of the first run leaks into the second: the same seeds give the same losses, step for step.
    const losses = (runId: string) => service.get({ runId, limit: everything }).steps.map((point) => point.loss);
    expect(losses(second.runId)).toEqual(losses(first.runId));
    expect(losses(second.runId)).toHaveLength(30);

    // Idle for longer than idleWorkerMs, the thread ends.
    await vi.waitFor(() => expect(service.workerCount).toBe(0), { timeout: 5_000, interval: 20 });
  });

  it('ends a thread that ran with limits or test hooks of its own instead of keeping it', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, { maxConcurrent: 1 });
    const limited = await service.start(moonsStart(1), { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    await recorder.state(limited.runId, 'completed');
    await vi.waitFor(() => expect(service.workerCount).toBe(0), { timeout: 5_000, interval: 10 });
    const hooked = await service.start(moonsStart(1), { hooks: { throwAtStep: 1_000_000 } });
    await recorder.state(hooked.runId, 'completed');
    await vi.waitFor(() => expect(service.workerCount).toBe(0), { timeout: 5_000, interval: 10 });
    expect(service.spareReady).toBe(false);
  });
});

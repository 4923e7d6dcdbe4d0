/**
 * The training service's seams for search and panda, with real workers: a run ends after exactly
 * its step limit, in-process observers see every state and every epoch report, and a run's
 * checkpoints are listed for a rollback; a run held after each epoch for its babysitter waits
 * until released.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandError, RunSummary, TrainingProgress } from '@shared/api';
import { EventRecorder, moonsStart, settledThreadCount, threadCount } from './service-fixtures';
import { TrainingService, type RunStateDetail } from './training-service';
import { sourceWorkerEntry } from './worker-entry';

let services: TrainingService[] = [];
const baselineThreads = threadCount();

function serviceWith(recorder: EventRecorder, maxConcurrent = 2): TrainingService {
  const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), maxConcurrent });
  services.push(service);
  return service;
}

afterEach(async () => {
  for (const service of services) await service.dispose();
  services = [];
  expect(await settledThreadCount(baselineThreads)).toBeLessThanOrEqual(baselineThreads);
});

const everything = Number.MAX_SAFE_INTEGER;

describe('TrainingService: a step limit', () => {
  it('ends the run after exactly that many optimizer steps, stopped, and tells observers it hit its limit', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const ends: { run: RunSummary; detail: RunStateDetail }[] = [];
    service.observe({ onState: (run, detail) => run.state === 'stopped' && ends.push({ run, detail }) });
    // 160 training rows in batches of 16: 10 steps an epoch, 30 planned; 13 allowed.
    const started = await service.start(moonsStart(3), { stepLimit: 13, label: 'search-1 · trial 1' });
    expect(started).toMatchObject({ totalSteps: 13, label: 'search-1 · trial 1' });
    await recorder.state(started.runId, 'stopped');

    const history = service.get({ runId: started.runId, limit: everything });
    expect(history.steps.map((p) => p.step)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(history.run).toMatchObject({ state: 'stopped', step: 13, error: null });
    expect(history.run.result).toMatchObject({ status: 'stopped', steps: 13, epochs: 1 });
    expect(ends).toHaveLength(1);
    expect(ends[0]!.detail.hitStepLimit).toBe(true);
  });

  it('a run stopped by hand, or one that completes within its limit, has not hit it', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const details = new Map<string, RunStateDetail>();
    service.observe({ onState: (run, detail) => details.set(`${run.runId} ${run.state}`, detail) });
    const within = await service.start(moonsStart(2), { stepLimit: 100 });
    const long = await service.start(moonsStart(100_000), { stepLimit: 10_000_000 });
    await recorder.step(long.runId, 5);
    await service.stop({ runId: long.runId });
    await recorder.state(within.runId, 'completed');
    expect(details.get(`${within.runId} completed`)).toEqual({ hitStepLimit: false });
    expect(details.get(`${long.runId} stopped`)).toEqual({ hitStepLimit: false });
  });
});

describe('TrainingService.observe', () => {
  it('tells an observer every epoch report of two runs training in parallel, and every state, in order', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder, 2);
    const reports = new Map<string, TrainingProgress[]>();
    const states = new Map<string, string[]>();
    const unsubscribe = service.observe({
      onProgress: (event) => reports.set(event.runId, [...(reports.get(event.runId) ?? []), ...event.reports]),
      onState: (run) => states.set(run.runId, [...(states.get(run.runId) ?? []), run.state]),
    });
    // A tiny mini-batch: many epochs in little time, so the host's coalescing would merge messages.
    const runs = [await service.start(moonsStart(40, { samples: 40, batchSize: 8 })), await service.start(moonsStart(40, { samples: 40, batchSize: 8 }))];
    await Promise.all(runs.map((run) => recorder.state(run.runId, 'completed')));
    unsubscribe();

    for (const run of runs) {
      const epochs = reports.get(run.runId)!.filter((r) => r.kind === 'epoch');
      expect(epochs.map((r) => r.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // The same reports the store kept, in the same order.
      expect(epochs).toEqual(service.get({ runId: run.runId, limit: everything }).reports.filter((r) => r.kind === 'epoch'));
      expect(states.get(run.runId)).toEqual(['queued', 'running', 'completed']);
    }

    // Unsubscribed: a later run is not told.
    const later = await service.start(moonsStart(1));
    await recorder.state(later.runId, 'completed');
    expect(states.has(later.runId)).toBe(false);
  });

  it('an observer that throws is reported and does not stop the run or the other observers', async () => {
    const recorder = new EventRecorder();
    const lines: string[] = [];
    const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), log: (line) => lines.push(line) });
    services.push(service);
    const seen: string[] = [];
    service.observe({
      onState: () => {
        throw new Error('broken listener');
      },
    });
    service.observe({ onState: (run) => seen.push(run.state) });
    const run = await service.start(moonsStart(1));
    await recorder.state(run.runId, 'completed');
    expect(seen).toEqual(['queued', 'running', 'completed']);
    expect(lines[0]).toBe('A training observer failed: broken listener');
  });
});

describe('TrainingService: held after each epoch (holdEachEpoch)', () => {
  it('waits after each epoch until released, so a change made then applies from the next epoch; a release leaves a paused run paused', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const epochs: TrainingProgress[] = [];
    service.observe({ onProgress: (event) => epochs.push(...event.reports.filter((report) => report.kind === 'epoch')) });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const until = async (test: () => boolean) => {
      while (!test()) await pause(5);
    };
    const stepOf = (runId: string) => service.get({ runId, limit: 1 }).run.step;
    // 80 moons → 64 training rows → 4 steps an epoch; 3 epochs.
    const { runId } = await service.start(moonsStart(3, { samples: 80 }), { holdEachEpoch: true });
    await until(() => epochs.length === 1);
    // Unreleased, it takes no step past its first epoch (a free run does the 12 in well under this).
    await pause(300);
    expect(stepOf(runId)).toBe(4);
    const adjusted = await service.adjust({ runId, changes: { learningRate: 0.05 } });
    expect(adjusted.interventions).toEqual([{ step: 4, changes: { learningRate: 0.05 } }]);
    // A person's pause outlasts the release; their resume lets it go on.
    service.pause({ runId });
    service.release({ runId });
    await pause(200);
    expect(stepOf(runId)).toBe(4);
    service.resume({ runId });
    await until(() => epochs.length === 2);
    await pause(100);
    expect(stepOf(runId)).toBe(8);
    service.release({ runId });
    // The last epoch ends the run: nothing holds it.
    await recorder.state(runId, 'completed');
    const ended = service.get({ runId, limit: everything });
    expect(ended.run.step).toBe(12);
    expect(ended.steps.filter((point) => point.step > 4).every((point) => point.learningRate === 0.05)).toBe(true);
    expect(ended.steps.filter((point) => point.step <= 4).every((point) => point.learningRate === 0.01)).toBe(true);
  });
});

describe('TrainingService: epochs only (a queue worker\'s trial)', () => {
  it('reports every epoch and keeps the model, without step points, visuals or checkpoints', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // 80 moons → 64 training rows → 4 steps an epoch; 5 epochs.
    const { runId } = await service.start(moonsStart(5, { samples: 80 }), { epochsOnly: true });
    await recorder.state(runId, 'completed');
    const history = service.get({ runId, limit: everything });
    expect(history.steps).toEqual([]);
    expect(history.reports.filter((report) => report.kind === 'epoch').map((report) => [report.epoch, report.step])).toEqual([1, 2, 3, 4, 5].map((epoch) => [epoch, 4 * epoch]));
    expect(history.run).toMatchObject({ step: 20, epoch: 5, state: 'completed' });
    expect(history.visuals).toBeNull();
    expect(service.checkpoints({ runId }).checkpoints).toEqual([]);
  });
});

describe('TrainingService.checkpoints', () => {
  it('lists the checkpoints a run kept, oldest first: every ⌈12 / 10⌉ = 2 epochs and the end', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // 80 moons → 64 training rows → 4 steps an epoch.
    const run = await service.start(moonsStart(12, { samples: 80 }));
    await recorder.state(run.runId, 'completed');
    expect(service.checkpoints({ runId: run.runId }).checkpoints).toEqual([2, 4, 6, 8, 10, 12].map((epoch) => ({ epoch, step: epoch * 4 })));
  });

  it('lists what a live run has kept so far, and refuses an unknown run', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const run = await service.start(moonsStart(100_000, { samples: 80 }));
    expect(service.checkpoints({ runId: run.runId }).checkpoints).toEqual([]);
    // Checkpoints every 10,000 epochs: none before the run is stopped; stopping keeps one of its last step.
    await recorder.step(run.runId, 10);
    const stopped = await service.stop({ runId: run.runId });
    const [last] = service.checkpoints({ runId: run.runId }).checkpoints;
    expect(last).toEqual({ epoch: stopped.epoch, step: stopped.step });
    expect(() => service.checkpoints({ runId: 'run-404' })).toThrow(expect.objectContaining({ code: 'not_found' }) as CommandError);
  });
});

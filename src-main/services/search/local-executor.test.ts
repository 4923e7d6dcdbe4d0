/**
 * The local trial executor over the real training service and workers: trials become runs, their
 * epochs and ends reach the scheduler's events, a stopped trial ends once, a step limit is exact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandError } from '@shared/api';
import { EventRecorder, moonsStart } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { LocalTrialExecutor } from './local-executor';
import type { TrialEnd, TrialEpoch, TrialEvents, TrialJob } from './trial-executor';

let services: TrainingService[] = [];

afterEach(async () => {
  for (const service of services) await service.dispose();
  services = [];
});

function executorOf(maxConcurrent = 2) {
  const recorder = new EventRecorder();
  const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), maxConcurrent });
  services.push(service);
  return { executor: new LocalTrialExecutor(service), service, recorder };
}

function jobOf(key: string, epochs: number, stepLimit: number | null = null, samples = 200): TrialJob {
  const start = moonsStart(epochs, { samples });
  return { key, label: `search-1 · trial ${key}`, design: start.design, settings: start.settings, stepLimit };
}

/** Records what a trial is told; `ended` resolves at its (first) onEnded, `epoch(n)` at its epoch n. */
function listener() {
  const told = { started: [] as [string, string][], epochs: [] as TrialEpoch[], ends: [] as TrialEnd[] };
  let ended: (end: TrialEnd) => void = () => {};
  const whenEnded = new Promise<TrialEnd>((resolve) => (ended = resolve));
  const epochWaiters: { epoch: number; resolve: () => void }[] = [];
  const events: TrialEvents = {
    onStarted: (runId, worker) => told.started.push([runId, worker]),
    onEpoch: (epoch) => {
      told.epochs.push(epoch);
      for (const waiter of epochWaiters) if (epoch.epoch >= waiter.epoch) waiter.resolve();
    },
    onEnded: (end) => {
      told.ends.push(end);
      ended(end);
    },
  };
  const epoch = (n: number) => new Promise<void>((resolve) => epochWaiters.push({ epoch: n, resolve }));
  return { told, events, whenEnded, epoch };
}

describe('LocalTrialExecutor', () => {
  it("trains as many trials at once as the service's slots", () => {
    expect(executorOf(2).executor.capacity).toBe(2);
    expect(executorOf(1).executor.capacity).toBe(1);
  });

  it('two trials: one trains to its end, the other is stopped mid-way; each is told onEnded exactly once', async () => {
    const { executor, service } = executorOf(2);
    const short = listener();
    const long = listener();
    const shortHandle = await executor.submit(jobOf('0', 3), short.events);
    const longHandle = await executor.submit(jobOf('1', 100_000, null, 80), long.events);
    expect(shortHandle.runId).toMatch(/^run-/);
    expect(short.told.started).toEqual([[shortHandle.runId, 'local']]);
    expect(long.told.started).toEqual([[longHandle.runId, 'local']]);
    expect(service.get({ runId: shortHandle.runId!, limit: 1 }).run.label).toBe('search-1 · trial 0');

    await long.epoch(3);
    await longHandle.stop();
    // stop() resolves once onEnded has been called.
    expect(long.told.ends).toHaveLength(1);
    const longEnd = long.told.ends[0]!;
    expect(longEnd).toMatchObject({ state: 'stopped', hitStepLimit: false, error: null });
    expect(longEnd.steps).toBeGreaterThanOrEqual(12);
    expect(longEnd.dev).toEqual({ loss: expect.any(Number) as number, accuracy: expect.any(Number) as number });

    const shortEnd = await short.whenEnded;
    expect(shortEnd).toMatchObject({ state: 'completed', steps: 30, epochs: 3, hitStepLimit: false, error: null });
    // Every epoch once, in order, with the steps so far and full-set metrics.
    expect(short.told.epochs.map((e) => [e.epoch, e.steps])).toEqual([[1, 10], [2, 20], [3, 30]]);
    expect(short.told.epochs.at(-1)!.dev).toEqual(shortEnd.dev);

    // Stopping an ended trial, or stopping twice, tells nothing more.
    await shortHandle.stop();
    await longHandle.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(short.told.ends).toHaveLength(1);
    expect(long.told.ends).toHaveLength(1);
    // The long trial's epochs stopped with it.
    expect(long.told.epochs.every((e) => e.steps <= longEnd.steps)).toBe(true);
  });

  it('a trial with a step limit ends after exactly that many steps, having hit it', async () => {
    const { executor } = executorOf(1);
    const trial = listener();
    await executor.submit(jobOf('0', 3, 13), trial.events);
    expect(await trial.whenEnded).toMatchObject({ state: 'stopped', steps: 13, epochs: 1, hitStepLimit: true });
    expect(trial.told.epochs.map((e) => e.epoch)).toEqual([1]);
  });

  it('a queued trial stopped before it started ends at once, stopped, with no steps', async () => {
    const { executor } = executorOf(1);
    const first = listener();
    const queued = listener();
    const firstHandle = await executor.submit(jobOf('0', 100_000), first.events);
    const queuedHandle = await executor.submit(jobOf('1', 3), queued.events);
    await queuedHandle.stop();
    expect(queued.told.ends).toEqual([{ state: 'stopped', steps: 0, epochs: 0, train: null, dev: null, error: null, hitStepLimit: false }]);
    await firstHandle.stop();
    expect(first.told.ends).toHaveLength(1);
  });

  it('refuses a trial whose design cannot train, with the reason, and tells it nothing', async () => {
    const { executor } = executorOf(1);
    const trial = listener();
    const job = { ...jobOf('0', 1), design: { version: 1, nodes: [], edges: [] } };
    const refusal = await executor.submit(job, trial.events).catch((error: CommandError) => error);
    expect(refusal).toMatchObject({ code: 'invalid_request' });
    expect(trial.told).toEqual({ started: [], epochs: [], ends: [] });
  });
});

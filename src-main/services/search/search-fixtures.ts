/**
 * Fixtures for the search service's tests: a search request on moons (the course net), and a
 * deterministic executor that replays scripted per-epoch dev accuracies instead of training, for
 * tests of the scheduler's own decisions (which trials run at once, how the budget is cut, which
 * trials successive halving stops). It counts steps as training would: ⌈train rows / batch⌉ an epoch.
 */
import type { RunState, SearchPlanInput, SearchSpace } from '@shared/api';
import { courseNet } from '../training/service-fixtures';
import type { StartSearchInput } from './search-service';
import type { TrialEnd, TrialEvents, TrialExecutor, TrialHandle, TrialJob } from './trial-executor';

/** Moons of 200 points: 160 training rows. */
export const moonsTrainRows = 160;

export function moonsSearch(plan: SearchPlanInput, space: SearchSpace = { learningRate: { kind: 'log', min: 1e-3, max: 1e-1 } }, extra: Partial<StartSearchInput> = {}): StartSearchInput {
  return {
    name: 'Moons search',
    design: courseNet(),
    settings: {
      data: { kind: 'moons', samples: 200, noise: 0.1 },
      settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: 1 },
      seeds: { data: 1, model: 2 },
      backend: 'ts',
    },
    space,
    plan,
    ...extra,
  };
}

/** A trial's dev accuracy at each epoch (1-based: script[epoch - 1]; the last value repeats). */
export type Script = (trialIndex: number) => number[];

interface Active {
  job: TrialJob;
  events: TrialEvents;
  epoch: number;
  steps: number;
  stopRequested: boolean;
  ended: Promise<void>;
  end: () => void;
}

export class ScriptedExecutor implements TrialExecutor {
  readonly capacity = 64;
  /** Trials submitted and not yet ended, now and at the most. */
  running = 0;
  maxRunning = 0;
  readonly submitted: TrialJob[] = [];
  private nextRun = 1;

  constructor(
    private readonly script: Script,
    /** Milliseconds between two epochs of a trial. */
    private readonly epochMs = 2,
  ) {}

  submit(job: TrialJob, events: TrialEvents): Promise<TrialHandle> {
    this.submitted.push(job);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const active: Active = { job, events, epoch: 0, steps: 0, stopRequested: false, ended, end };
    const runId = `run-${this.nextRun++}`;
    setTimeout(() => {
      events.onStarted(runId, 'scripted');
      this.nextEpoch(active);
    }, this.epochMs);
    return Promise.resolve({
      runId,
      stop: async () => {
        active.stopRequested = true;
        await active.ended;
      },
    });
  }

  private nextEpoch(active: Active): void {
    const { job, events } = active;
    const index = Number(job.key.split('#')[1]);
    const epochs = job.settings.settings.epochs;
    const batch = job.settings.settings.batchSize === 'full' ? moonsTrainRows : Math.min(job.settings.settings.batchSize, moonsTrainRows);
    const perEpoch = Math.ceil(moonsTrainRows / batch);
    if (active.stopRequested) return this.finish(active, 'stopped', false);
    const limit = job.stepLimit ?? Infinity;
    // As in training: the last epoch completes the run even when it also reaches the limit.
    if (active.epoch >= epochs) return this.finish(active, 'completed', false);
    if (active.steps >= limit) return this.finish(active, 'stopped', true);
    // A limit inside an epoch ends the trial mid-epoch, exactly at the limit.
    const steps = Math.min(active.steps + perEpoch, limit);
    if (steps < active.steps + perEpoch) {
      active.steps = steps;
      return this.finish(active, 'stopped', true);
    }
    active.steps = steps;
    active.epoch += 1;
    const accuracies = this.script(index);
    const accuracy = accuracies[Math.min(active.epoch, accuracies.length) - 1]!;
    events.onEpoch({ epoch: active.epoch, steps: active.steps, train: { loss: 1 - accuracy, accuracy }, dev: { loss: 1 - accuracy, accuracy } });
    setTimeout(() => this.nextEpoch(active), this.epochMs);
  }

  private finish(active: Active, state: RunState, hitStepLimit: boolean): void {
    this.running -= 1;
    const accuracies = this.script(Number(active.job.key.split('#')[1]));
    const last = active.epoch > 0 ? accuracies[Math.min(active.epoch, accuracies.length) - 1]! : null;
    const pair = last === null ? null : { loss: 1 - last, accuracy: last };
    const end: TrialEnd = { state, steps: active.steps, epochs: active.epoch, train: pair, dev: pair, error: null, hitStepLimit };
    active.events.onEnded(end);
    active.end();
  }
}

/** The crash test's search: 5 trials of 300 epochs on moons (long enough to be seen mid-trial), one at a time, seeded. */
export function crashSearch(): StartSearchInput {
  return moonsSearch({ trials: 5, parallel: 1, epochs: 300, seed: 21 });
}

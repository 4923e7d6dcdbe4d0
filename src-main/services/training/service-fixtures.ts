/**
 * Fixtures for the training service's tests (real workers from the TypeScript source): designs,
 * settings, a recorder of emitted events that can be awaited, and the process's thread count.
 */
import { readdirSync } from 'node:fs';
import { commands, RunSettings, type EmitEvent, type EventName, type EventPayload, type RunSummary } from '@shared/api';
import { instantiateTemplate } from '@shared/graph/templates';
import { chainOf, node } from '@shared/graph/test-fixtures';

export const courseNet = () => instantiateTemplate('three-layer')! as unknown as Record<string, unknown>;

/** 2 → 8 → 1 with a linear output and MSE: with raw targets in the thousands and plain GD at rate 5 it diverges. */
export const regressionNet = () =>
  chainOf(
    node('input-1', 'input', { size: 2 }),
    node('dense-1', 'dense', { units: 8 }),
    node('activation-1', 'activation', { fn: 'relu' }),
    node('dense-2', 'dense', { units: 1 }),
    node('linear-output-1', 'linear-output'),
    node('loss-1', 'loss', { fn: 'mse' }),
  ) as unknown as Record<string, unknown>;

/** Moons of `samples` points, batches of 16, Adam at 0.01: `epochs` × ⌈0.8·samples / 16⌉ steps. */
export function moonsStart(epochs: number, overrides: { samples?: number; learningRate?: number; batchSize?: number } = {}) {
  return commands['training:start'].request.parse({
    design: courseNet(),
    name: 'Course net',
    settings: {
      data: { kind: 'moons', samples: overrides.samples ?? 200, noise: 0.1 },
      settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: overrides.learningRate ?? 0.01, batchSize: overrides.batchSize ?? 16, epochs },
      seeds: { data: 1, model: 2 },
      backend: 'ts',
    },
  });
}

export interface Recorded {
  event: EventName;
  payload: EventPayload<EventName>;
}

/** Records every emitted event; `until` resolves at the first event (past or future) that matches. */
export class EventRecorder {
  readonly events: Recorded[] = [];
  private waiters: { test: (e: Recorded) => boolean; resolve: (e: Recorded) => void }[] = [];

  readonly emit: EmitEvent = (event, payload) => {
    const recorded = { event, payload } as Recorded;
    this.events.push(recorded);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(recorded)) return true;
      w.resolve(recorded);
      return false;
    });
  };

  until(test: (e: Recorded) => boolean): Promise<Recorded> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves when the run's state event says `state`. */
  state(runId: string, state: string) {
    return this.until((e) => e.event === 'training:state' && (e.payload as EventPayload<'training:state'>).run.runId === runId && (e.payload as EventPayload<'training:state'>).run.state === state);
  }

  /** Resolves when a progress event of the run reaches `step`. */
  step(runId: string, step: number) {
    return this.until((e) => e.event === 'training:progress' && (e.payload as EventPayload<'training:progress'>).runId === runId && (e.payload as EventPayload<'training:progress'>).step >= step);
  }

  progress(runId: string): EventPayload<'training:progress'>[] {
    return this.events.filter((e) => e.event === 'training:progress' && (e.payload as EventPayload<'training:progress'>).runId === runId).map((e) => e.payload as EventPayload<'training:progress'>);
  }

  states(): EventPayload<'training:state'>['run'][] {
    return this.events.filter((e) => e.event === 'training:state').map((e) => (e.payload as EventPayload<'training:state'>).run);
  }
}

/** OS threads of this process (Linux): each live worker thread is one more. */
export function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/**
 * The thread count once it has come down to `limit`, or after `ms`: a disposed worker's OS thread
 * can outlive its terminate() by a moment (seen in CI: one over the baseline right after dispose).
 * A thread that leaked never comes down, so a leak still fails.
 */
export async function settledThreadCount(limit: number, ms = 2000): Promise<number> {
  const until = Date.now() + ms;
  while (threadCount() > limit && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return threadCount();
}

/** A run of the course net on moons as the store receives it at start: 3 epochs of 10 steps, nothing measured yet. */
export const runningSummary: RunSummary = {
  runId: 'run-1',
  label: 'Course net on moons',
  state: 'running',
  createdAt: '2026-12-02T00:00:00.000Z',
  dataset: 'moons',
  settings: RunSettings.parse({ data: { kind: 'moons' }, settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 0.1, batchSize: 8, epochs: 3 }, seeds: { data: 1, model: 1 } }),
  parameters: 91,
  epoch: 0,
  epochs: 3,
  step: 0,
  totalSteps: 30,
  stepsPerSecond: null,
  train: null,
  dev: null,
  result: null,
  test: null,
  error: null,
  warnings: [],
  interventions: [],
};

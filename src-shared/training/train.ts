/**
 * Drives a TrainingRun to its end: steps it, hands reports to `onProgress`, honours an abort
 * signal, waits while paused, and yields to the event loop now and then so an abort, a pause or an
 * adjust message can arrive between steps.
 */
import type { TrainingConfigInput } from './config';
import type { TrainingProgress, TrainingResult } from './progress';
import { TrainingRun, type TrainingData, type TrainingRunOptions } from './run';

/** The part of AbortSignal the loop uses (src-shared has no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener?(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

export interface DriveOptions {
  onProgress?: (progress: TrainingProgress) => void;
  /** Aborting ends the run between steps with status 'stopped'. */
  signal?: AbortSignalLike;
  /** Milliseconds of stepping between yields to the event loop (default 10): the most a pause or abort waits. */
  yieldEveryMs?: number;
  /** How to yield; default: the host's next macrotask (setImmediate, else a zero-delay timer). */
  yieldControl?: () => Promise<void>;
  /** The clock for yieldEveryMs (default Date.now). */
  now?: () => number;
}

export type TrainOptions = TrainingRunOptions & DriveOptions;

/** Creates a run and drives it to the end. */
export function train(config: TrainingConfigInput, data: TrainingData, options: TrainOptions): Promise<TrainingResult> {
  return driveTraining(new TrainingRun(config, data, options), options);
}

export async function driveTraining(run: TrainingRun, options: DriveOptions = {}): Promise<TrainingResult> {
  const yieldEveryMs = Math.max(0, options.yieldEveryMs ?? 10);
  const yieldControl = options.yieldControl ?? nextMacrotask;
  const now = options.now ?? Date.now;
  const { signal } = options;
  const onAbort = () => run.stop();
  signal?.addEventListener?.('abort', onAbort, { once: true });
  try {
    let lastYield = now();
    while (!run.finished) {
      if (signal?.aborted) run.stop();
      else if (run.status === 'paused') await run.whenResumed();
      else {
        const reports = run.step();
        // By index: most steps make no report, and an iterator a step would be garbage.
        for (let i = 0; i < reports.length; i++) options.onProgress?.(reports[i]!);
        // Yielding by time, not by step count: tiny steps must not pay a timer each, big ones must not block.
        if (now() - lastYield >= yieldEveryMs) {
          await yieldControl();
          lastYield = now();
        }
      }
    }
  } finally {
    signal?.removeEventListener?.('abort', onAbort);
  }
  return run.result()!;
}

/**
 * The next turn of the event loop, so queued messages and timers run. Node has setImmediate,
 * browsers and workers a zero-delay timer; src-shared compiles without either's type definitions,
 * so they are looked up structurally, and a resolved promise is the last resort.
 */
function nextMacrotask(): Promise<void> {
  const host = globalThis as unknown as { setImmediate?: (callback: () => void) => unknown; setTimeout?: (callback: () => void, ms: number) => unknown };
  return new Promise((resolve) => {
    if (host.setImmediate) host.setImmediate(resolve);
    else if (host.setTimeout) host.setTimeout(resolve, 0);
    else resolve();
  });
}

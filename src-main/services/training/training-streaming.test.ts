/**
 * Streaming from the training service to windows: with 8 fast runs training at once, through the
 * hosts' real event batcher, every step of every run arrives exactly once and messages stay at
 * ≤ 30 a second; a window that opens mid-run stitches training:get and the stream with no gap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, StepPoint } from '@shared/api';
import { createEventBatcher, type QueuedEvent } from '../../hosts/event-batcher';
import { EventRecorder, moonsStart } from './service-fixtures';
import { TrainingService } from './training-service';
import { sourceWorkerEntry } from './worker-entry';

let service: TrainingService | null = null;
afterEach(async () => {
  await service?.dispose();
  expect(service?.workerCount ?? 0).toBe(0);
  service = null;
});

const steps = (events: readonly EventPayload<'training:progress'>[]): number[] => events.flatMap((e) => e.steps.map((p: StepPoint) => p.step));
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('training:progress with 8 fast runs at once', () => {
  it('carries every step of every run exactly once, in ≤ 30 messages in any second', async () => {
    const messages: { at: number; batch: QueuedEvent[] }[] = [];
    const batcher = createEventBatcher({ send: (batch) => messages.push({ at: performance.now(), batch }) });
    const recorder = new EventRecorder();
    service = new TrainingService({
      worker: sourceWorkerEntry(),
      maxConcurrent: 8,
      emit: (event, payload) => {
        recorder.emit(event, payload);
        batcher.push(event, payload);
      },
    });
    // 200 moons → 10 steps an epoch; 40 epochs → 400 steps each.
    const runs = await Promise.all(Array.from({ length: 8 }, () => service!.start(moonsStart(40))));
    expect(runs.every((r) => r.state === 'running')).toBe(true);
    await Promise.all(runs.map((r) => recorder.state(r.runId, 'completed')));
    batcher.flush();
    batcher.dispose();

    const delivered = messages.flatMap((m) => m.batch).filter((e) => e.event === 'training:progress').map((e) => e.payload as EventPayload<'training:progress'>);
    for (const run of runs) {
      const ofRun = delivered.filter((e) => e.runId === run.runId);
      expect(steps(ofRun)).toEqual(oneToN(400));
      // Each event starts where the previous one ended: a page can tell it missed nothing.
      let next = 1;
      for (const event of ofRun) {
        expect(event.fromStep).toBe(next);
        next += event.steps.length;
      }
    }
    // The rate bound: in every one-second window from a message, at most 30 messages (+1 for the window's edge).
    for (const [i, message] of messages.entries()) {
      const within = messages.slice(i).filter((m) => m.at < message.at + 1000).length;
      expect(within).toBeLessThanOrEqual(31);
    }
  }, 120_000);
});

describe('a window that opens mid-run', () => {
  it('gets the points so far from training:get, then follows the stream with no gap and no repeat', async () => {
    const recorder = new EventRecorder();
    service = new TrainingService({ worker: sourceWorkerEntry(), emit: recorder.emit });
    const run = await service.start(moonsStart(100_000));
    await recorder.step(run.runId, 20);

    // The reload: list, then the history, then whatever the stream brings from now on.
    expect(service.list().runs.map((r) => r.runId)).toEqual([run.runId]);
    const history = service.get({ runId: run.runId, limit: Number.MAX_SAFE_INTEGER });
    const seenBefore = recorder.events.length;
    const last = history.steps.at(-1)!.step;
    expect(steps([{ steps: history.steps } as EventPayload<'training:progress'>])).toEqual(oneToN(last));

    await recorder.step(run.runId, last + 50);
    const stopped = await service.stop({ runId: run.runId });
    const later = recorder.events.slice(seenBefore).filter((e) => e.event === 'training:progress').map((e) => e.payload as EventPayload<'training:progress'>);
    // The first event after the history starts at or before the step after it: no gap.
    expect(later[0]!.fromStep).toBeLessThanOrEqual(last + 1);
    // Stitched by step (what the page does): history, then only the stream's newer points.
    const stitched = [...history.steps.map((p) => p.step), ...steps(later).filter((s) => s > last)];
    expect(stitched).toEqual(oneToN(stopped.result!.steps));

    // A backfill from a step returns exactly the points from there on.
    const tail = service.get({ runId: run.runId, fromStep: last + 1, limit: Number.MAX_SAFE_INTEGER });
    expect(tail.steps.map((p) => p.step)).toEqual(oneToN(stopped.result!.steps).slice(last));
  }, 60_000);
});

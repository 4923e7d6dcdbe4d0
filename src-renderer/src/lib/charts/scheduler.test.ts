import { describe, expect, it } from 'vitest';
import { FrameScheduler, type FrameSource } from './scheduler';

/** Frames a test fires by hand, like requestAnimationFrame without a screen. */
class ManualFrames implements FrameSource {
  callbacks = new Map<number, (time: number) => void>();
  #next = 1;
  request(callback: (time: number) => void): number {
    const handle = this.#next++;
    this.callbacks.set(handle, callback);
    return handle;
  }
  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }
  /** Runs the callbacks queued before this frame (new requests wait for the next one). */
  frame(time = 0): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(time);
  }
}

describe('FrameScheduler', () => {
  it('turns many version bumps between two frames into one draw', () => {
    const frames = new ManualFrames();
    let draws = 0;
    const scheduler = new FrameScheduler(() => draws++, frames);
    for (let version = 0; version < 500; version++) scheduler.request();
    expect(frames.callbacks.size).toBe(1);
    expect(draws).toBe(0);
    frames.frame();
    expect(draws).toBe(1);
    frames.frame();
    expect(draws).toBe(1); // nothing new asked: no redraw
    scheduler.request();
    scheduler.request();
    frames.frame();
    expect(draws).toBe(2);
  });

  it('a request made while drawing waits for the next frame', () => {
    const frames = new ManualFrames();
    let draws = 0;
    const scheduler = new FrameScheduler(() => {
      draws++;
      if (draws === 1) scheduler.request();
    }, frames);
    scheduler.request();
    frames.frame();
    expect(draws).toBe(1);
    expect(scheduler.pending).toBe(true);
    frames.frame();
    expect(draws).toBe(2);
  });

  it('draws nothing after dispose', () => {
    const frames = new ManualFrames();
    let draws = 0;
    const scheduler = new FrameScheduler(() => draws++, frames);
    scheduler.request();
    scheduler.dispose();
    scheduler.request();
    frames.frame();
    expect(draws).toBe(0);
    expect(frames.callbacks.size).toBe(0);
  });
});

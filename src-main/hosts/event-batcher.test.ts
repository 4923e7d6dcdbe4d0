import { describe, expect, it } from 'vitest';
import { createEventBatcher, type QueuedEvent } from './event-batcher';

/** A hand-driven clock, so the test checks the schedule itself rather than wall time. */
function fakeClock() {
  let time = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => time,
    schedule: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: time + ms, fn, id });
      return id;
    },
    cancel: (id: unknown) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      time += ms;
      for (const t of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

describe('event batcher', () => {
  it('sends the first event at once, then at most one batch per interval, in order', () => {
    const clock = fakeClock();
    const sent: QueuedEvent[][] = [];
    const batcher = createEventBatcher({ send: (b) => sent.push(b), intervalMs: 33, ...clock });
    batcher.push('a', 1);
    expect(sent).toEqual([[{ event: 'a', payload: 1 }]]);
    for (let i = 2; i <= 100; i++) {
      clock.advance(1);
      batcher.push('a', i);
    }
    // 99 ms of events at 1 per ms: sends happen at 0, 33, 66 and 99; the event pushed just after 99 waits.
    expect(sent.length).toBe(4);
    clock.advance(33);
    expect(sent.length).toBe(5);
    const all = sent.flat().map((e) => e.payload);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('flushes what is queued on demand and forgets it on dispose', () => {
    const clock = fakeClock();
    const sent: QueuedEvent[][] = [];
    const batcher = createEventBatcher({ send: (b) => sent.push(b), intervalMs: 33, ...clock });
    batcher.push('a', 1);
    batcher.push('b', 2);
    batcher.flush();
    expect(sent).toEqual([[{ event: 'a', payload: 1 }], [{ event: 'b', payload: 2 }]]);
    batcher.push('c', 3);
    batcher.dispose();
    clock.advance(100);
    expect(sent.length).toBe(2);
  });
});

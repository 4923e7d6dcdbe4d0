// The outbox's rules, against a socket whose buffer the test fills and drains by hand and a
// hand-driven clock (the real socket and timers are in web-host-slow-client.test.ts).
import { describe, expect, it } from 'vitest';
import { latestStateKey } from './event-batcher';
import { createOutbox, SendBufferBounds, tooSlowCloseCode, type OutboxSocket } from './socket-outbox';

const bounds = { softBytes: 100, hardBytes: 1000, graceMs: 50 };

/** Every byte sent stays buffered until drain() hands it to the "kernel" and runs the send callbacks. */
function scriptedSocket() {
  const sent: string[] = [];
  const callbacks: (() => void)[] = [];
  const calls: string[] = [];
  let buffered = 0;
  const socket: OutboxSocket = {
    get bufferedAmount() {
      return buffered;
    },
    send(data, cb) {
      sent.push(data);
      buffered += data.length;
      callbacks.push(cb);
    },
    close: (code, reason) => calls.push(`close ${code} ${reason}`),
    terminate: () => calls.push('terminate'),
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
  };
  const drain = () => {
    buffered = 0;
    for (const cb of callbacks.splice(0)) cb();
  };
  return { socket, sent, calls, drain };
}

function clock() {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    schedule: (fn: () => void) => (timers.set(next, fn), next++),
    cancel: (id: unknown) => timers.delete(id as number),
    fireAll: () => [...timers].forEach(([id, fn]) => (timers.delete(id), fn())),
    pending: () => timers.size,
  };
}

const progress = (runId: string, step: number) => ({ event: 'training:progress', payload: { runId, step } });
const batches = (sent: string[]) => sent.map((s) => JSON.parse(s) as { type: string; batch?: unknown[] });

describe('socket outbox', () => {
  it('sends everything while under the soft bound, then keeps the latest state per key until the buffer drains', () => {
    const { socket, sent, drain } = scriptedSocket();
    const outbox = createOutbox(socket, { bounds, ...clock() });
    outbox.sendEvents([progress('a', 1)]); // 70-odd bytes: still under 100
    outbox.sendEvents([progress('a', 2)]); // written at ≤ soft, now over it
    outbox.sendEvents([progress('a', 3), progress('b', 1), { event: 'app:log', payload: 'x' }]);
    outbox.sendEvents([progress('a', 4), { event: 'app:log', payload: 'y' }]);
    expect(sent).toHaveLength(2);
    expect(outbox.queuedEvents).toBe(3);
    drain();
    // Newest payload per key, ordered by when each key was last updated.
    expect(batches(sent)[2]).toEqual({ type: 'events', batch: [progress('b', 1), progress('a', 4), { event: 'app:log', payload: 'y' }] });
    expect(outbox.queuedEvents).toBe(0);
  });

  it('never drops a command result, stops reading above the hard bound and closes a page that stays there', () => {
    const { socket, sent, calls } = scriptedSocket();
    const timers = clock();
    const outbox = createOutbox(socket, { bounds, ...timers });
    for (let id = 0; id < 20; id++) outbox.sendMessage({ type: 'result', id, result: { ok: true, value: 'z'.repeat(60) } });
    expect(sent).toHaveLength(20);
    expect(calls).toEqual(['pause']);
    timers.fireAll();
    expect(calls).toEqual(['pause', `close ${tooSlowCloseCode} The page read too slowly; reconnect to get the current state.`]);
    outbox.sendMessage({ type: 'result', id: 21, result: null });
    expect(sent).toHaveLength(20);
    timers.fireAll();
    expect(calls.at(-1)).toBe('terminate');
  });

  it('forgives a page that drains before the grace period ends', () => {
    const { socket, calls, drain } = scriptedSocket();
    const timers = clock();
    const outbox = createOutbox(socket, { bounds, ...timers });
    outbox.sendMessage({ type: 'result', id: 1, result: 'w'.repeat(2000) });
    expect(timers.pending()).toBe(1);
    drain();
    expect(timers.pending()).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('keys progress by run, and validates its bounds', () => {
    expect(latestStateKey(progress('a', 1))).toBe(latestStateKey(progress('a', 9)));
    expect(latestStateKey(progress('a', 1))).not.toBe(latestStateKey(progress('b', 1)));
    expect(latestStateKey({ event: 'designs:changed', payload: { names: ['x'] } })).toBe(latestStateKey({ event: 'designs:changed', payload: null }));
    expect(SendBufferBounds.safeParse({ softBytes: 10, hardBytes: 5, graceMs: 1 }).success).toBe(false);
    expect(SendBufferBounds.safeParse({ softBytes: 0, hardBytes: 5, graceMs: 1 }).success).toBe(false);
  });
});

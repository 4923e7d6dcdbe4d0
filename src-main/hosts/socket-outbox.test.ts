// The outbox's rules, against a socket whose buffer the test fills and drains by hand and a
// hand-driven clock (the real socket and timers are in web-host-slow-client.test.ts).
import { describe, expect, it } from 'vitest';
import { createOutbox, maxKeptEvents, SendBufferBounds, tooSlowCloseCode, type OutboxSocket } from './socket-outbox';

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

const progress = (runId: string, step: number) => ({
  event: 'training:progress',
  payload: { runId, fromStep: step, steps: [], reports: [], interventions: [], visuals: null, step },
});
const log = (message: string) => ({ event: 'app:log', payload: { level: 'info', message } });
const state = (runId: string, runState: string) => ({ event: 'training:state', payload: { run: { runId, state: runState } } });
const batches = (sent: string[]) => sent.map((s) => JSON.parse(s) as { type: string; batch?: unknown[] });

describe('socket outbox', () => {
  it('sends everything while under the soft bound, then keeps the latest state per key until the buffer drains', () => {
    const { socket, sent, drain } = scriptedSocket();
    const outbox = createOutbox(socket, { bounds, ...clock() });
    outbox.sendEvents([progress('a', 1)]); // written at 0 ≤ soft: 130-odd bytes, now over it
    outbox.sendEvents([progress('a', 2)]);
    outbox.sendEvents([progress('a', 3), progress('b', 1), log('x')]);
    outbox.sendEvents([progress('a', 4), log('y')]);
    expect(sent).toHaveLength(1);
    expect(outbox.queuedEvents).toBe(4);
    drain();
    // Newest payload per key, ordered by when each key was last updated; every log line, in order.
    expect(batches(sent)[1]).toEqual({ type: 'events', batch: [progress('b', 1), log('x'), progress('a', 4), log('y')] });
    expect(outbox.queuedEvents).toBe(0);
  });

  it("keeps each run's last state: a run stopped for a branch is not hidden by the branch's start", () => {
    const { socket, sent, drain } = scriptedSocket();
    const outbox = createOutbox(socket, { bounds, ...clock() });
    outbox.sendMessage({ type: 'result', id: 1, result: 'w'.repeat(200) }); // over the soft bound
    outbox.sendEvents([state('run-13', 'running'), state('run-13', 'stopped'), state('run-14', 'queued'), state('run-14', 'running')]);
    expect(outbox.queuedEvents).toBe(2);
    drain();
    expect(batches(sent)[1]).toEqual({ type: 'events', batch: [state('run-13', 'stopped'), state('run-14', 'running')] });
  });

  it('keeps at most maxKeptEvents log lines waiting, the newest', () => {
    const { socket, sent, drain } = scriptedSocket();
    const outbox = createOutbox(socket, { bounds, ...clock() });
    outbox.sendMessage({ type: 'result', id: 1, result: 'w'.repeat(200) });
    outbox.sendEvents(Array.from({ length: maxKeptEvents + 10 }, (_, i) => log(`line ${i}`)));
    expect(outbox.queuedEvents).toBe(maxKeptEvents);
    drain();
    const batch = batches(sent)[1]!.batch as { payload: { message: string } }[];
    expect(batch[0]!.payload.message).toBe('line 10');
    expect(batch.at(-1)!.payload.message).toBe(`line ${maxKeptEvents + 9}`);
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

  it('validates its bounds', () => {
    expect(SendBufferBounds.safeParse({ softBytes: 10, hardBytes: 5, graceMs: 1 }).success).toBe(false);
    expect(SendBufferBounds.safeParse({ softBytes: 0, hardBytes: 5, graceMs: 1 }).success).toBe(false);
  });
});

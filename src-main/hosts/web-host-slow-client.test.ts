// A page that stops reading, against the real web host: its send buffer stays bounded, it is
// closed once it stays over the hard bound for the grace period, and a healthy page is unaffected.
// Every wait is for an event (a message, a log line), never for a length of time.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebApp } from './web-app';
import type { WebHost } from './web-host';

const bounds = { softBytes: 64 * 1024, hardBytes: 256 * 1024, graceMs: 200 };
let dir: string;
let host: WebHost;
const logLines: string[] = [];
const logWaiters: { pattern: RegExp; done: (line: string) => void }[] = [];

function log(line: string) {
  logLines.push(line);
  for (const waiter of logWaiters.filter((w) => w.pattern.test(line))) {
    logWaiters.splice(logWaiters.indexOf(waiter), 1);
    waiter.done(line);
  }
}
const nextLogLine = (pattern: RegExp) => new Promise<string>((done) => logWaiters.push({ pattern, done }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepwire-slow-'));
  await mkdir(join(dir, 'static'), { recursive: true });
  await writeFile(join(dir, 'static/index.html'), '<!doctype html><title>Deepwire</title>');
  host = await startWebApp({ dataDir: join(dir, 'data'), staticDir: join(dir, 'static'), sendBuffer: bounds, log });
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

interface Progress {
  runId: string;
  step: number;
  blob: string;
}
interface Received {
  event: string;
  payload: Progress;
}

/** A client that records every event it receives and lets a test wait for a given one. */
async function watcher() {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  const events: Received[] = [];
  let waiter: { until: (e: Received) => boolean; done: () => void } | null = null;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; batch?: Received[] };
    for (const event of message.batch ?? []) {
      events.push(event);
      if (waiter?.until(event)) {
        waiter.done();
        waiter = null;
      }
    }
  });
  const until = (test: (e: Received) => boolean) =>
    events.some(test) ? Promise.resolve() : new Promise<void>((done) => (waiter = { until: test, done }));
  // ws keeps the TCP socket private; pausing it is how a stalled browser tab looks from the host.
  const socket = (ws as unknown as { _socket: Socket })._socket;
  return { ws, events, until, socket };
}

/** A progress payload as the service sends it (the outbox merges what waits by its rule), with a blob to fill buffers. */
const progress = (runId: string, step: number, blob: string) => ({ runId, step, blob, fromStep: step, steps: [], reports: [], interventions: [], visuals: null });
const stateOf = (client: { socket: Socket }) => host.clients().find((c) => c.remotePort === client.socket.localPort);

describe('a page that stops reading', () => {
  it('stays within the bound, is closed after the grace period, and a healthy page keeps the latest state', async () => {
    const healthy = await watcher();
    const stalled = await watcher();
    stalled.socket.pause();
    // Each event is larger than hard - soft, so one sent at the soft bound takes the stalled page over the hard one.
    const blob = 'x'.repeat(300 * 1024);
    const eventBytes = JSON.stringify({ type: 'events', batch: [{ event: 'training:progress', payload: progress('r0', 0, blob) }] }).length;
    // Events are only written while at most softBytes wait; what waits then is at most two runs' latest state.
    const ceiling = bounds.softBytes + 2 * (eventBytes + 16);
    let closedLine: string | null = null;
    void nextLogLine(/closed a page that stopped reading/).then((line) => (closedLine = line));
    let step = 0;
    let maxBuffered = 0;
    // Kernel buffers take the first few megabytes; the host then holds more than the hard bound, and
    // the stalled page must be closed while events keep coming (without the bound: the ceiling fails).
    while (closedLine === null) {
      step += 1;
      expect(step).toBeLessThan(2000);
      host.broadcast('training:progress', progress(`r${step % 2}`, step, blob));
      await healthy.until((e) => e.payload.step === step);
      const state = stateOf(stalled);
      expect(state).toBeDefined();
      maxBuffered = Math.max(maxBuffered, state!.bufferedAmount);
      expect(state!.bufferedAmount).toBeLessThanOrEqual(ceiling);
      expect(state!.queuedEvents).toBeLessThanOrEqual(2);
    }
    expect(maxBuffered).toBeGreaterThan(bounds.hardBytes);
    expect(closedLine).toMatch(/bound is 262144/);
    // The log line comes with the close frame; the connection is gone once the terminate follows.
    await untilGone(stalled);
    expect(stateOf(stalled)).toBeUndefined();
    expect(maxBuffered).toBeLessThanOrEqual(ceiling);

    // The healthy page got every event, in order, and still gets new ones.
    host.broadcast('training:progress', progress('r0', step + 1, 'last'));
    await healthy.until((e) => e.payload.step === step + 1);
    expect(healthy.events.map((e) => e.payload.step)).toEqual(Array.from({ length: step + 1 }, (_, i) => i + 1));
    expect(host.clients()).toHaveLength(1);
    healthy.ws.close();
    stalled.ws.terminate();
  });

  it('gets only the latest state per run once it reads again, while a healthy page gets everything', async () => {
    const healthy = await watcher();
    const slow = await watcher();
    slow.socket.pause();
    const blob = 'y'.repeat(64 * 1024);
    // Fill the kernel buffers until the host starts holding events back for the slow page.
    let step = 0;
    while ((stateOf(slow)?.queuedEvents ?? 0) === 0) {
      step += 1;
      expect(step).toBeLessThan(5000);
      host.broadcast('training:progress', progress(`run-${step % 2}`, step, blob));
      await healthy.until((e) => e.payload.step === step);
      expect(stateOf(slow)!.bufferedAmount).toBeLessThanOrEqual(bounds.hardBytes);
    }
    // While it is over the soft bound, 100 more steps of two runs (ten per batch) wait as at most two events.
    const last = step + 100;
    while (step < last) {
      for (let i = 0; i < 10; i++) {
        step += 1;
        host.broadcast('training:progress', progress(`run-${step % 2}`, step, 'small'));
      }
      await healthy.until((e) => e.payload.step === step);
      expect(stateOf(slow)!.queuedEvents).toBeLessThanOrEqual(2);
    }
    slow.socket.resume();
    await slow.until((e) => e.payload.step === last);
    await slow.until((e) => e.payload.step === last - 1);

    const sent = last;
    expect(healthy.events).toHaveLength(sent);
    expect(slow.events.length).toBeLessThan(sent);
    for (const runId of ['run-0', 'run-1']) {
      const steps = slow.events.filter((e) => e.payload.runId === runId).map((e) => e.payload.step);
      // Never an older state after a newer one, and the newest is there.
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(steps.at(-1)).toBe(runId === `run-${last % 2}` ? last : last - 1);
    }
    healthy.ws.close();
    slow.ws.close();
  });
});

/** Resolves once the host no longer lists the client (its 'close' comes after the terminate); checks, never times. */
function untilGone(client: { socket: Socket }): Promise<void> {
  return new Promise((done) => {
    const check = () => (stateOf(client) === undefined ? done() : setTimeout(check, 10));
    check();
  });
}

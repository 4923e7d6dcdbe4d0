/**
 * One page's outgoing messages, bounded by what is already buffered for it (ws's bufferedAmount):
 * a stalled browser must not grow the host's memory.
 *  - below the soft bound everything is sent as it comes;
 *  - above it, events wait, folded by each event's rule (eventCoalescing: the latest state per run or
 *    search, changed names merged; log lines all kept, the oldest dropped past maxKeptEvents), and are
 *    sent once the buffer drains;
 *  - command results are never dropped, but count: above the hard bound the host stops reading the
 *    page's commands, and a page that stays above it for the grace period is closed (1013).
 */
import { z } from 'zod';
import type { ServerMessage } from '@shared/api';
import { coalescePayloads, coalescingKey } from '@shared/api/event-coalescing';
import { isEventName } from '@shared/api/contract';
import type { QueuedEvent } from './event-batcher';

export const SendBufferBounds = z
  .object({
    softBytes: z.number().int().positive(),
    hardBytes: z.number().int().positive(),
    graceMs: z.number().int().positive(),
  })
  .strict()
  .refine((b) => b.softBytes <= b.hardBytes, { message: 'softBytes must not exceed hardBytes', path: ['softBytes'] });
export type SendBufferBounds = z.infer<typeof SendBufferBounds>;

export const defaultSendBufferBounds: SendBufferBounds = { softBytes: 1024 * 1024, hardBytes: 8 * 1024 * 1024, graceMs: 10_000 };

/** Events that are each kept (log lines) wait at most this many; older ones go first. */
export const maxKeptEvents = 500;

/** 1013 "Try Again Later": the page may reconnect and reload its state. */
export const tooSlowCloseCode = 1013;

/** What the outbox needs of a socket; ws's WebSocket has it. */
export interface OutboxSocket {
  readonly bufferedAmount: number;
  /** cb runs once the data has left our buffer for the kernel (or the send failed). */
  send(data: string, cb: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
  pause(): void;
  resume(): void;
}

export interface Outbox {
  /** A command's answer: always sent. */
  sendMessage(message: ServerMessage): void;
  /** Progress-like events: coalesced to the latest state per key while the page is over the soft bound. */
  sendEvents(batch: QueuedEvent[]): void;
  /** Events waiting for the page to drain its buffer. */
  readonly queuedEvents: number;
  /** Call when the socket has closed: stops the timers and forgets what waits. */
  dispose(): void;
}

export interface OutboxOptions {
  bounds: SendBufferBounds;
  log?: (line: string) => void;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

export function createOutbox(socket: OutboxSocket, options: OutboxOptions): Outbox {
  const { softBytes, hardBytes, graceMs } = options.bounds;
  const log = options.log ?? (() => {});
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.cancel ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  // Insertion order of a Map is kept: re-inserting a key moves its newest payload to the end.
  const waiting = new Map<string, QueuedEvent>();
  let keptSerial = 0;
  const keptKeys: string[] = [];
  const wait = (event: QueuedEvent) => {
    const key = isEventName(event.event) ? coalescingKey(event.event, event.payload) : null;
    if (key === null) {
      const ownKey = `kept ${keptSerial++}`;
      waiting.set(ownKey, event);
      keptKeys.push(ownKey);
      // Only these can grow without bound (a key per run or search bounds the rest).
      while (keptKeys.length > maxKeptEvents) waiting.delete(keptKeys.shift()!);
      return;
    }
    const older = waiting.get(key);
    waiting.delete(key);
    waiting.set(key, older && isEventName(event.event) ? { event: event.event, payload: coalescePayloads(event.event, older.payload, event.payload) } : event);
  };
  let overHardSince: unknown = null;
  let closing = false;
  let terminateTimer: unknown = null;

  const write = (message: ServerMessage) => {
    if (closing) return;
    socket.send(JSON.stringify(message), afterWrite);
    checkHardBound();
  };

  const sendWaiting = () => {
    const batch = [...waiting.values()];
    waiting.clear();
    keptKeys.length = 0;
    write({ type: 'events', batch });
  };

  // Some of the buffer reached the kernel: send what waited if there is room now.
  const afterWrite = () => {
    if (closing) return;
    if (waiting.size > 0 && socket.bufferedAmount <= softBytes) sendWaiting();
    else checkHardBound();
  };

  const closeTooSlow = () => {
    overHardSince = null;
    if (socket.bufferedAmount <= hardBytes) return socket.resume();
    closing = true;
    waiting.clear();
    keptKeys.length = 0;
    const waitingBytes = socket.bufferedAmount;
    log(`web host: closed a page that stopped reading (${waitingBytes} bytes waited for it over ${graceMs} ms; the bound is ${hardBytes}).`);
    socket.close(tooSlowCloseCode, 'The page read too slowly; reconnect to get the current state.');
    // A stalled page never answers the close frame queued behind its backlog: let the buffer go.
    terminateTimer = schedule(() => socket.terminate(), graceMs);
  };

  const checkHardBound = () => {
    const over = socket.bufferedAmount > hardBytes;
    if (over && overHardSince === null) {
      // Stop reading its commands too, so their answers cannot pile up while we wait.
      socket.pause();
      overHardSince = schedule(closeTooSlow, graceMs);
    } else if (!over && overHardSince !== null) {
      cancel(overHardSince);
      overHardSince = null;
      socket.resume();
    }
  };

  return {
    sendMessage: write,
    sendEvents(batch) {
      if (closing || batch.length === 0) return;
      if (waiting.size === 0 && socket.bufferedAmount <= softBytes) return write({ type: 'events', batch });
      for (const event of batch) wait(event);
      if (socket.bufferedAmount <= softBytes) sendWaiting();
    },
    get queuedEvents() {
      return waiting.size;
    },
    dispose() {
      closing = true;
      waiting.clear();
      keptKeys.length = 0;
      if (overHardSince !== null) cancel(overHardSince);
      if (terminateTimer !== null) cancel(terminateTimer);
      overHardSince = terminateTimer = null;
    },
  };
}

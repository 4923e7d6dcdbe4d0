/**
 * How Deepwire connects to a queue's Redis: a redis:// or rediss:// URL (user and password
 * optional, a database number after the port) turned into ioredis options that suit BullMQ — it
 * needs `maxRetriesPerRequest: null` for workers and blocking connections, and keeps retrying
 * rather than give up, so a Redis that goes away for a while only pauses a search. Messages about
 * a connection name host:port and the cause, never the password.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { queueUrlProblem } from '@shared/api/queue';

/** The longest wait between two reconnection attempts. */
export const maxReconnectDelayMs = 2000;

/** Where a URL points, as people name it in a message: "10.0.0.5:6379" (never the user or password). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || defaultPort}`;
  } catch {
    return '(not a URL)';
  }
}

const defaultPort = 6379;

/** ioredis options for a queue URL; throws an Error with queueUrlProblem's sentence when the URL is not one. */
export function redisOptions(url: string): RedisOptions {
  const problem = queueUrlProblem(url);
  if (problem) throw new Error(problem);
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    // A bracketed IPv6 host ("[::1]") is given to the socket without its brackets.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? defaultPort : Number(parsed.port),
    db: db === '' ? 0 : Number(db),
    ...(parsed.username !== '' && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== '' && { password: decodeURIComponent(parsed.password) }),
    // TLS with Node's defaults: the server's certificate is verified against the host name.
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
    // BullMQ: a worker's blocking commands wait for Redis however long it is away.
    maxRetriesPerRequest: null,
    // Commands issued while disconnected wait for the reconnection instead of failing (BullMQ relies on it).
    enableOfflineQueue: true,
    // Keep trying forever: 100 ms, 200 ms, ... then every 2 s.
    retryStrategy: (times: number) => Math.min(times * 100, maxReconnectDelayMs),
    // Connect in the background; the first command waits in the offline queue.
    lazyConnect: false,
  };
}

/**
 * The same options as BullMQ's `connection` (Queue, Worker, QueueEvents): BullMQ opens its own
 * ioredis connections from them. (ioredis's option types are wider than BullMQ's declared subset,
 * hence the cast; the values are the ones above.)
 */
export function bullConnection(url: string): ConnectionOptions {
  return redisOptions(url) as ConnectionOptions;
}

/** A connected-or-connecting ioredis client for a queue URL (call quit() or disconnect() when done). */
export function openRedis(url: string, overrides: Partial<RedisOptions> = {}): Redis {
  const client = new Redis({ ...redisOptions(url), ...overrides });
  // ioredis emits 'error' for every failed reconnection; the caller decides what to tell people
  // (see watchRedis). Without a listener Node would print each one as an unhandled error.
  client.on('error', () => undefined);
  return client;
}

/** "Redis at 10.0.0.5:6379 is unreachable (ECONNREFUSED)" — the cause in a word or a short phrase, no password. */
export function redisConnectionMessage(url: string, error: unknown): string {
  const cause = connectionCause(error, url);
  if (/^(WRONGPASS|NOAUTH|NOPERM)/.test(cause)) return `Redis at ${redisAddress(url)} refused the login (${cause}): check the user and password in the queue URL`;
  return `Redis at ${redisAddress(url)} is unreachable (${cause})`;
}

/** The short cause of a connection error: its code (ECONNREFUSED, ENOTFOUND, ...) or its message with any password removed. */
export function connectionCause(error: unknown, url?: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  const message = error instanceof Error ? error.message : String(error);
  return scrubPassword(message, url).slice(0, 300);
}

/** The message without the URL's password, however it appears (plain or URL-encoded). */
export function scrubPassword(message: string, url?: string): string {
  if (url === undefined) return message;
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return message;
  }
  if (password === '') return message;
  let scrubbed = message;
  for (const form of new Set([password, decodeURIComponent(password)])) scrubbed = scrubbed.split(form).join('***');
  return scrubbed;
}

export interface RedisWatch {
  /** Whether the client is connected now (as far as its last event says). */
  readonly reachable: boolean;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Calls onDown once when the client loses (or cannot make) its connection — with a message naming
 * host:port and the cause — and onUp once when it is back; not for every retry in between.
 */
export function watchRedis(client: Redis, url: string, events: { onDown(message: string): void; onUp(): void }): RedisWatch {
  let reachable = client.status === 'ready';
  let lastError: unknown = null;
  let reported = false;
  const onError = (error: unknown) => {
    lastError = error;
    if (!reachable && !reported) {
      reported = true;
      events.onDown(redisConnectionMessage(url, error));
    }
  };
  const onClose = () => {
    if (reachable) {
      reachable = false;
      // The error that caused the close (if any) comes with it or just before; report on the next retry's error otherwise.
      if (lastError !== null && !reported) {
        reported = true;
        events.onDown(redisConnectionMessage(url, lastError));
      }
    }
  };
  const onReady = () => {
    const wasDown = reported;
    reachable = true;
    reported = false;
    lastError = null;
    if (wasDown) events.onUp();
  };
  client.on('error', onError);
  client.on('close', onClose);
  client.on('ready', onReady);
  return {
    get reachable() {
      return reachable;
    },
    dispose() {
      client.off('error', onError);
      client.off('close', onClose);
      client.off('ready', onReady);
    },
  };
}

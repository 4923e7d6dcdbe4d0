/**
 * Where a search's trials train: on this machine (the training service's worker threads) or on a
 * Redis queue that `deepwire worker` processes on any number of machines pull from (BullMQ). The
 * coordinator (the app, the web host or `deepwire sweep`) stays the only writer of its history.
 * A queue's URL may hold a password: it is kept in the coordinator's own database (to reattach
 * after a restart) but every answer and event carries it redacted (`redis://user:***@host:6379`).
 */
import { z } from 'zod';
import { isoDate } from './define';

const count = z.number().int().min(0);

/** What is wrong with a queue URL, as a sentence, or null when it is one Deepwire can use. */
export function queueUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not a URL, so redactQueueUrl cannot help: whatever sits between :// and @ may be a password.
    return `"${text.replace(/\/\/[^/@]*@/, '//***@')}" is not a URL; a queue looks like redis://host:6379 or rediss://user:password@host:6380.`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `a queue URL starts with redis:// or rediss:// (TLS), not ${url.protocol}//.`;
  if (url.hostname === '') return 'a queue URL names the Redis host, e.g. redis://10.0.0.5:6379.';
  if (url.port !== '' && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) return `the port ${url.port} is not one from 1 to 65535.`;
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) return `the part after the port is the Redis database number (0–15), not "${db}".`;
  if (url.search !== '' || url.hash !== '') return 'a queue URL has no ?query or #fragment.';
  return null;
}

/** The URL with its password replaced by *** (what answers, events and logs may show). */
export function redactQueueUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

export const QueueUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((text, context) => {
    const problem = queueUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** Where a search's trials train. Absent in a request: this machine. */
export const RunOn = z.discriminatedUnion('kind', [z.object({ kind: z.literal('local') }).strict(), z.object({ kind: z.literal('queue'), url: QueueUrl }).strict()]);
export type RunOn = z.infer<typeof RunOn>;

/** A `deepwire worker` process that has joined the queue (it refreshes this every few seconds). */
export const QueueWorker = z
  .object({
    /** "<host>/<pid>", unique per process; what a trial's `worker` names. */
    name: z.string().max(200),
    host: z.string().max(200),
    pid: count,
    /** Trials it trains at once (--concurrency). */
    concurrency: count,
    /** Trials it is training now. */
    busy: count,
    /** Trials it has finished since it started (any search). */
    trialsDone: count,
    /** The engine path its trials take: "wasm" (WebAssembly SIMD) or "ts". */
    backend: z.string().max(40),
    lastSeen: isoDate,
  })
  .strict();
export type QueueWorker = z.infer<typeof QueueWorker>;

/** 'closed': the search has ended and nobody watches its queue for it now (the URL still says where its trials went). */
export const QueueState = z.enum(['connecting', 'connected', 'unreachable', 'closed']);
export type QueueState = z.infer<typeof QueueState>;

/** A queue as the coordinator sees it now. */
export const QueueStatus = z
  .object({
    /** Redacted: the password, if any, is ***. */
    url: z.string().max(2000),
    state: QueueState,
    /** What is wrong and what happens meanwhile, e.g. "Redis at 10.0.0.5:6379 is unreachable (ECONNREFUSED); the search waits and goes on when it returns." */
    message: z.string().max(1000).nullable(),
    /** The workers that have joined, busiest first. */
    workers: z.array(QueueWorker),
  })
  .strict();
export type QueueStatus = z.infer<typeof QueueStatus>;

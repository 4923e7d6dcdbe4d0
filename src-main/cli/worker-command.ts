/**
 * `deepwire worker --queue URL [--concurrency N] [--name NAME]`: joins a Redis queue and trains
 * the trials of every search that has work there (see QueueWorkerProcess), printing one line per
 * trial started or ended. SIGINT or SIGTERM: no new trials, the current ones finish and report,
 * exit 0. A second signal: the current trials go back to the queue for another worker, exit 130.
 * The URL's password never appears in what it prints.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { queueUrlProblem, redactQueueUrl } from '@shared/api/queue';
import { QueueWorkerProcess } from '../queue/trial-worker';
import type { WorkerEntry } from '../services/training/worker-entry';
import { describeOptionIssues, nonEmptyText, optionValue, wholeNumber } from './option-values';
import type { CommandOutput } from './train-command';
import { exitCodes, UsageError } from './usage-error';

/** Trials at once when --concurrency is not given: one per core, as the local pool. */
export const defaultWorkerConcurrency = () => Math.max(1, availableParallelism());

const queueUrl = optionValue(
  '--queue',
  'a redis:// or rediss:// URL',
  (raw) => (queueUrlProblem(raw.trim()) === null ? raw.trim() : undefined),
  (raw) => queueUrlProblem(raw.trim()),
);

export const WorkerCommandOptions = z.object({
  queue: queueUrl,
  concurrency: wholeNumber('--concurrency', 1, 256).optional(),
  name: nonEmptyText('--name').optional(),
});

export interface WorkerCommandSignals {
  /** Where the process's signals come from (tests pass their own emitter). */
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  removeListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export async function workerCommand(raw: Record<string, unknown>, output: CommandOutput, worker: WorkerEntry, signals: WorkerCommandSignals = process): Promise<number> {
  if (raw.queue === undefined) throw new UsageError('--queue is required: the Redis the searches submit to, e.g. --queue redis://10.0.0.5:6379');
  const parsed = WorkerCommandOptions.safeParse(raw);
  // The URL is repeated in the message only redacted: it may hold a password.
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).map((line) => redactTyped(line, raw.queue)).join('\n'));
  const options = parsed.data;
  const say = (line: string) => void output.stderr.write(`deepwire worker: ${line}\n`);
  const queueWorker = new QueueWorkerProcess({
    url: options.queue,
    concurrency: options.concurrency ?? defaultWorkerConcurrency(),
    ...(options.name !== undefined && { name: options.name }),
    worker,
    log: say,
  });
  say(`${queueWorker.name} joined ${redactQueueUrl(options.queue)}, training up to ${queueWorker.concurrency} trial${queueWorker.concurrency === 1 ? '' : 's'} at once; Ctrl+C to leave after the current trials (twice: at once)`);

  let resolveExit: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  let signalsSeen = 0;
  const onSignal = () => {
    signalsSeen += 1;
    if (signalsSeen === 1) {
      say('leaving: no new trials; the current ones finish and report (signal again to leave at once)');
      void queueWorker.shutdown().then(() => resolveExit(exitCodes.ok), () => resolveExit(exitCodes.failed));
    } else if (signalsSeen === 2) {
      say('leaving at once: the current trials go back to the queue');
      void queueWorker.forceShutdown().finally(() => resolveExit(exitCodes.interrupted));
    }
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    queueWorker.start();
    const code = await exit;
    say(code === exitCodes.ok ? `left after ${queueWorker.stats.trialsDone} trial${queueWorker.stats.trialsDone === 1 ? '' : 's'}` : 'left');
    return code;
  } finally {
    signals.removeListener('SIGINT', onSignal);
    signals.removeListener('SIGTERM', onSignal);
  }
}

/** A commander or zod message may quote what was typed: the password in it is replaced. */
function redactTyped(line: string, typed: unknown): string {
  if (typeof typed !== 'string' || typed.trim() === '') return line;
  const text = typed.trim();
  const redacted = redactQueueUrl(text);
  return line.split(text).join(redacted === '(not a URL)' ? maskUserInfo(text) : redacted);
}

/** For text URL parsing refuses (a port out of range …): "scheme://user:***@rest", by hand. */
function maskUserInfo(text: string): string {
  return text.replace(/^([^:/?#]+:\/\/)([^@/?#]*)@/, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:***`}@`;
  });
}

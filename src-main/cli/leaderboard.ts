/**
 * The sweep's leaderboard: trials best first with their dev metric and values, as plain lines
 * (the summary on stdout) and, on a terminal, redrawn in place on stderr while the search runs
 * (at most ~10 times a second; nothing is drawn when stderr is not a TTY, so pipes stay clean).
 */
import type { MetricPair, SearchMetric, SearchSummary, Trial, TrialParams } from '@shared/api';
import type { ProgressStream } from './progress-bar';

const redrawEveryMs = 100;

const number = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '—' : value.toFixed(digits));

/** "lr 0.0123, optimizer adam": numbers to 3 significant digits. */
export function describeParams(params: TrialParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? String(Number(value.toPrecision(3))) : String(value)}`)
    .join(', ');
}

function devCell(dev: MetricPair | null): string {
  return `${number(dev?.accuracy).padStart(7)}  ${number(dev?.loss, 4).padStart(8)}`;
}

/** Trials trained on a queue name their worker ("host/pid"); this machine's ("local") need no column. */
function onQueue(trials: readonly Trial[]): boolean {
  return trials.some((trial) => trial.worker !== null && trial.worker !== 'local');
}

/** A header and one line per trial, in the order given (best first); with a worker column when they trained on a queue. */
export function leaderboardLines(trials: readonly Trial[], limit = Infinity): string[] {
  const workers = onQueue(trials);
  const width = workers ? Math.min(32, Math.max(6, ...trials.slice(0, limit).map((trial) => (trial.worker ?? '—').length))) : 0;
  const workerCell = (worker: string | null) => (workers ? `${(worker ?? '—').slice(0, width).padEnd(width)}  ` : '');
  const lines = [` rank  trial  status     epochs  dev acc  dev loss  ${workers ? `${'worker'.padEnd(width)}  ` : ''}params`];
  trials.slice(0, limit).forEach((trial, rank) => {
    lines.push(`${String(rank + 1).padStart(5)}  ${String(trial.index).padStart(5)}  ${trial.status.padEnd(9)}  ${String(trial.epochs).padStart(6)}  ${devCell(trial.dev)}  ${workerCell(trial.worker)}${describeParams(trial.params)}`);
  });
  if (trials.length > limit) lines.push(`  … and ${trials.length - limit} more`);
  return lines;
}

/** "search-3 running: 5 of 8 trials done, 3,200 steps, best dev accuracy 0.975 (trial 4)". */
export function statusLine(summary: SearchSummary): string {
  const best = summary.best ? `, best ${metricName(summary.metric)} ${number(summary.best.metric, 4)} (trial ${summary.best.index})` : '';
  return `${summary.searchId} ${summary.status}: ${summary.done} of ${summary.plan.trials} trials done, ${summary.steps.toLocaleString('en-US')} steps${best}${queueLine(summary)}`;
}

/** " · queue redis://host:6379: 2 workers", or what is wrong with the queue. */
function queueLine(summary: SearchSummary): string {
  const queue = summary.queue;
  if (!queue) return '';
  if (queue.state === 'unreachable') return ` · ${queue.message ?? `queue ${queue.url} is unreachable`}`;
  if (queue.state === 'connecting') return ` · connecting to ${queue.url}…`;
  return ` · queue ${queue.url}: ${queue.workers.length} worker${queue.workers.length === 1 ? '' : 's'}`;
}

export function metricName(metric: SearchMetric): string {
  return metric === 'dev-accuracy' ? 'dev accuracy' : 'dev loss';
}

export class LiveLeaderboard {
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly rows = 10,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(summary: SearchSummary, trials: readonly Trial[], force = false): void {
    if (!this.enabled) return;
    const time = this.now();
    if (!force && time - this.lastDraw < redrawEveryMs) return;
    this.lastDraw = time;
    const width = this.stream.columns ?? 100;
    const lines = [statusLine(summary), ...leaderboardLines(trials, this.rows)].map((line) => (line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line));
    this.clear();
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  /** Removes what was drawn, so the final summary starts clean. */
  clear(): void {
    if (!this.enabled || this.drawnLines === 0) return;
    this.stream.write(`\u001b[${this.drawnLines}F\u001b[J`);
    this.drawnLines = 0;
  }
}

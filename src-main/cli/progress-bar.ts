/**
 * A one-line progress bar for a terminal (stderr), redrawn at most ~10 times a second:
 *   [██████░░░░░░░░░░]  38%  epoch 38/100  loss 0.2143  dev acc 0.912  ETA 12s
 * It draws nothing when the stream is not a TTY, so pipes and --json stay clean.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface ProgressState {
  fraction: number;
  label: string;
}

const redrawEveryMs = 100;
const barWidth = 24;

export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly startedAt: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(state: ProgressState, force = false): void {
    if (!this.enabled) return;
    const time = this.now();
    if (!force && time - this.lastDraw < redrawEveryMs) return;
    this.lastDraw = time;
    this.drawn = true;
    this.stream.write(`\r${fitWidth(renderProgress(state, time - this.startedAt), this.stream.columns)}\u001b[K`);
  }

  /** Clears the line so the summary that follows starts clean. */
  finish(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\u001b[K');
  }
}

/** The bar's text (pure, so it can be checked without a terminal). */
export function renderProgress({ fraction, label }: ProgressState, elapsedMs: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * barWidth);
  const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
  const eta = clamped > 0 && clamped < 1 ? `  ETA ${formatDuration((elapsedMs * (1 - clamped)) / clamped)}` : '';
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${percent}  ${label}${eta}`;
}

export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function fitWidth(text: string, columns: number | undefined): string {
  return columns && text.length > columns - 1 ? text.slice(0, columns - 1) : text;
}

/**
 * At most one search:progress message per search every `intervalMs` (default 100 ms: ≤ 10/s),
 * carrying every trial that changed since the last one. A change within the interval waits for it
 * to pass; nothing is dropped, changes are only gathered.
 */
export interface ProgressThrottleOptions {
  send: (searchId: string, changedTrials: number[]) => void;
  intervalMs?: number;
  now?: () => number;
}

interface PerSearch {
  changed: Set<number>;
  lastSent: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class ProgressThrottle {
  private readonly searches = new Map<string, PerSearch>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressThrottleOptions) {
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
  }

  /** Trials of a search changed (none: only its summary did). */
  changed(searchId: string, trials: readonly number[]): void {
    let entry = this.searches.get(searchId);
    if (!entry) {
      entry = { changed: new Set(), lastSent: -Infinity, timer: null };
      this.searches.set(searchId, entry);
    }
    for (const index of trials) entry.changed.add(index);
    if (entry.timer) return;
    const wait = entry.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.sendNow(searchId, entry);
    else entry.timer = setTimeout(() => this.sendNow(searchId, entry), wait);
  }

  private sendNow(searchId: string, entry: PerSearch): void {
    entry.timer = null;
    entry.lastSent = this.now();
    const changed = [...entry.changed].sort((a, b) => a - b);
    entry.changed.clear();
    this.options.send(searchId, changed);
  }

  /** Sends what is waiting at once (shutdown), then forgets every search. */
  dispose(): void {
    for (const [searchId, entry] of this.searches) {
      if (entry.timer) {
        clearTimeout(entry.timer);
        this.sendNow(searchId, entry);
      }
    }
    this.searches.clear();
  }
}

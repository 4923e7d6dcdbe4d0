/**
 * Coalesces service events so a host sends at most one message per interval (≤ 30 per second by
 * default), however fast a training run reports. Order is kept; nothing is dropped here (a page
 * that reads too slowly gets only the latest state per key: see socket-outbox.ts).
 */
export interface QueuedEvent {
  event: string;
  payload: unknown;
}

export interface EventBatcher {
  push(event: string, payload: unknown): void;
  /** Sends what is queued now (used on shutdown). */
  flush(): void;
  dispose(): void;
}

export interface BatcherOptions {
  send: (batch: QueuedEvent[]) => void;
  intervalMs?: number;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

export function createEventBatcher(options: BatcherOptions): EventBatcher {
  const intervalMs = options.intervalMs ?? 1000 / 30;
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.cancel ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  let queue: QueuedEvent[] = [];
  let lastSent = -Infinity;
  let timer: unknown = null;

  const flush = () => {
    if (timer !== null) {
      cancel(timer);
      timer = null;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    lastSent = now();
    options.send(batch);
  };

  return {
    push(event, payload) {
      queue.push({ event, payload });
      if (timer !== null) return;
      const wait = lastSent + intervalMs - now();
      if (wait <= 0) flush();
      else timer = schedule(flush, wait);
    },
    flush,
    dispose() {
      if (timer !== null) cancel(timer);
      timer = null;
      queue = [];
    },
  };
}

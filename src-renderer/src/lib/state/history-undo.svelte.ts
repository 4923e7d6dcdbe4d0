/**
 * Deleting runs with a few seconds to undo: the host hides them at once and keeps them until
 * `undoUntil`; the toast offers Undo until then. A refusal (a live run) is a message, nothing lost.
 */
import type { Client } from '@shared/api';
import { realSchedule, type Schedule } from './history-timers';

export interface PendingDelete {
  runIds: string[];
  /** When the host removes them for good (ms since the epoch). */
  undoUntil: number;
}

export interface UndoOptions {
  schedule?: Schedule;
  now?: () => number;
}

export class UndoState {
  pending = $state.raw<PendingDelete | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Said once after an undo ("Restored 2 runs"). */
  notice = $state<string | null>(null);

  readonly #client: Client;
  readonly #schedule: Schedule;
  readonly #now: () => number;
  #cancelExpiry: (() => void) | null = null;

  constructor(client: Client, options: UndoOptions = {}) {
    this.#client = client;
    this.#schedule = options.schedule ?? realSchedule;
    this.#now = options.now ?? Date.now;
  }

  /** "Deleted 3 runs" */
  get message(): string {
    const n = this.pending?.runIds.length ?? 0;
    return `Deleted ${n} ${n === 1 ? 'run' : 'runs'}`;
  }

  /** Deletes the runs; the ids deleted, or null when the host refused (the reason in `error`). */
  async delete(runIds: readonly string[]): Promise<string[] | null> {
    if (runIds.length === 0 || this.busy) return null;
    this.busy = true;
    this.error = this.notice = null;
    try {
      const result = await this.#client.call('history:delete', { runIds: [...runIds] });
      if (!result.ok) {
        this.error = result.error.message;
        return null;
      }
      const undoUntil = Date.parse(result.value.undoUntil);
      this.#cancelExpiry?.();
      this.pending = { runIds: result.value.deleted, undoUntil };
      this.#cancelExpiry = this.#schedule(() => this.#expire(), Math.max(0, undoUntil - this.#now()));
      return result.value.deleted;
    } finally {
      this.busy = false;
    }
  }

  /** Brings the last deleted runs back (while the host still keeps them). */
  async undo(): Promise<boolean> {
    const pending = this.pending;
    if (!pending || this.busy) return false;
    this.busy = true;
    try {
      const result = await this.#client.call('history:undoDelete', { runIds: pending.runIds });
      if (!result.ok) {
        this.error = result.error.message;
        return false;
      }
      this.#clear();
      const n = result.value.restored.length;
      this.notice = `Restored ${n} ${n === 1 ? 'run' : 'runs'}`;
      return true;
    } finally {
      this.busy = false;
    }
  }

  dismiss(): void {
    this.#clear();
    this.error = this.notice = null;
  }

  dispose(): void {
    this.#cancelExpiry?.();
  }

  #expire(): void {
    this.#cancelExpiry = null;
    this.pending = null;
  }

  #clear(): void {
    this.#cancelExpiry?.();
    this.#cancelExpiry = null;
    this.pending = null;
  }
}

/**
 * The strategy arena as the Arena view shows it: its form, the arena on show (started here or
 * reopened from history) kept current by search:arenaProgress, caviar's trial counts (from its
 * search), and the past arenas (search:arenaList, newest first).
 */
import type { ArenaSummary, Client, RunSettings } from '@shared/api';
import { ArenaForm } from './arena-form.svelte';

export interface ArenaError {
  action: string;
  message: string;
}

export class ArenaState {
  readonly form = new ArenaForm();
  /** Newest first. */
  arenas = $state.raw<ArenaSummary[]>([]);
  current = $state.raw<ArenaSummary | null>(null);
  /** Caviar's trials of the arena on show and how many successive halving pruned (null until its search answers). */
  caviarTrials = $state.raw<{ arenaId: string; trials: number; pruned: number } | null>(null);
  error = $state.raw<ArenaError | null>(null);
  busy = $state(false);

  readonly #client: Client;
  #unsubscribe: (() => void) | null = null;
  /** One search:get at a time; a progress message meanwhile asks for one more. */
  #countsLoading = false;
  #countsAgain = false;

  constructor(client: Client) {
    this.#client = client;
  }

  /** Listens to arena progress and lists the past arenas. */
  async start(): Promise<void> {
    this.#unsubscribe ??= this.#client.on('search:arenaProgress', ({ arena }) => this.#update(arena));
    await this.refresh();
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  async refresh(): Promise<void> {
    const listed = await this.#client.call('search:arenaList', {});
    if (!listed.ok) {
      this.error = { action: 'list the arenas', message: listed.error.message };
      return;
    }
    this.arenas = listed.value.arenas;
  }

  /** Starts an arena of the design with the settings and the form's budget, space and policy. */
  async run(design: Record<string, unknown>, settings: RunSettings): Promise<ArenaSummary | null> {
    const request = this.form.request(design, settings);
    if (!request) return null;
    return this.#command('start the arena', async () => {
      const result = await this.#client.call('search:arena', request);
      return result.ok ? { ok: true, value: result.value } : result;
    });
  }

  /** Stops the arena on show between steps; it ends 'stopped' with what each side reached. */
  async stop(): Promise<ArenaSummary | null> {
    const arenaId = this.current?.arenaId;
    if (!arenaId) return null;
    return this.#command(`stop ${arenaId}`, () => this.#client.call('search:arenaStop', { arenaId }));
  }

  /** Shows a past arena (from history) as it stands now. */
  async open(arenaId: string): Promise<ArenaSummary | null> {
    return this.#command(`open ${arenaId}`, () => this.#client.call('search:arenaGet', { arenaId }));
  }

  dismissError(): void {
    this.error = null;
  }

  async #command(action: string, call: () => Promise<{ ok: true; value: ArenaSummary } | { ok: false; error: { message: string } }>): Promise<ArenaSummary | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (!result.ok) {
        this.error = { action, message: result.error.message };
        return null;
      }
      this.current = result.value;
      this.caviarTrials = null;
      this.#update(result.value);
      return result.value;
    } finally {
      this.busy = false;
    }
  }

  /** A newer summary of an arena: it replaces the listed one (or goes first) and the one on show. */
  #update(arena: ArenaSummary): void {
    const index = this.arenas.findIndex((a) => a.arenaId === arena.arenaId);
    this.arenas = index < 0 ? [arena, ...this.arenas] : this.arenas.with(index, arena);
    if (this.current?.arenaId === arena.arenaId) {
      this.current = arena;
      void this.#loadCounts();
    }
  }

  /** Counts caviar's trials and the pruned ones from its search, for the arena on show. */
  async #loadCounts(): Promise<void> {
    const arena = this.current;
    if (!arena?.searchId) return;
    if (this.#countsLoading) {
      this.#countsAgain = true;
      return;
    }
    this.#countsLoading = true;
    try {
      const result = await this.#client.call('search:get', { searchId: arena.searchId });
      // Without the search the side still says how many runs it started; nothing to report.
      if (result.ok && this.current?.arenaId === arena.arenaId) {
        const trials = result.value.trials;
        this.caviarTrials = { arenaId: arena.arenaId, trials: trials.length, pruned: trials.filter((t) => t.status === 'pruned').length };
      }
    } finally {
      this.#countsLoading = false;
    }
    if (this.#countsAgain) {
      this.#countsAgain = false;
      await this.#loadCounts();
    }
  }
}

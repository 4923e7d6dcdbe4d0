/**
 * The searches kept in history (search:list, newest first), kept current by search:progress, and
 * their lineage (coarse to fine) as a tree. An interrupted search can be resumed from here.
 */
import type { Client, SearchSummary } from '@shared/api';
import { lineageRows, type LineageRow } from './search-lineage';

export { lineageRows, type LineageRow };

export class SearchListState {
  searches = $state.raw<SearchSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The search being resumed (its button waits). */
  resuming = $state<string | null>(null);
  readonly lineage: LineageRow[] = $derived(lineageRows(this.searches));

  readonly #client: Client;
  #off: (() => void)[] = [];

  constructor(client: Client) {
    this.#client = client;
  }

  async start(): Promise<void> {
    if (this.#off.length === 0) {
      this.#off = [this.#client.on('search:progress', ({ search }) => this.upsert(search))];
    }
    await this.refresh();
  }

  dispose(): void {
    for (const off of this.#off) off();
    this.#off = [];
  }

  async refresh(): Promise<void> {
    const result = await this.#client.call('search:list', {});
    this.loaded = true;
    if (!result.ok) {
      this.error = `Could not list the searches: ${result.error.message}`;
      return;
    }
    this.error = null;
    this.searches = result.value.searches;
  }

  /** A search's newer summary: replaces the listed one, or goes first when new. */
  upsert(search: SearchSummary): void {
    const index = this.searches.findIndex((s) => s.searchId === search.searchId);
    this.searches = index < 0 ? [search, ...this.searches] : this.searches.with(index, search);
  }

  find(searchId: string | null): SearchSummary | null {
    return this.searches.find((s) => s.searchId === searchId) ?? null;
  }

  /** Runs the trials an interrupted search had not finished; false (with `error`) when refused. */
  async resume(searchId: string): Promise<boolean> {
    this.resuming = searchId;
    const result = await this.#client.call('search:resume', { searchId });
    this.resuming = null;
    if (!result.ok) {
      this.error = `Could not resume ${searchId}: ${result.error.message}`;
      return false;
    }
    this.error = null;
    this.upsert(result.value);
    return true;
  }
}

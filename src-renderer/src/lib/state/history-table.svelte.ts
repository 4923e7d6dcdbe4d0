/**
 * The History view's run table: the query (filters, free text typed with a pause, sort), the rows
 * fetched a page at a time as they scroll into view and cached by offset, the total, the facets the
 * filters offer, the checked runs (with shift-click ranges) and the focused and opened row. The
 * cache is dropped whenever the query changes or the host says runs changed (history:changed);
 * live runs have their state and latest epoch patched in from training:state and training:progress.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the page cache is deliberately plain (`version` says it changed) and selections are new sets assigned whole to $state.raw */
import type { Client, HistoryRow, HistorySort, HistorySortKey, RunState } from '@shared/api';
import { realSchedule, type Schedule } from './history-timers';
import { pagesFor } from './history-window';

export const historyPageSize = 200;
/** The pause after the last key press before the free text filters the table. */
export const textDebounceMs = 200;

export interface HistoryFilters {
  status: RunState | '';
  dataset: string;
  optimizer: string;
  tag: string;
  /** The free text as sent (trimmed, after the typing pause). */
  text: string;
}
export type SelectFilter = Exclude<keyof HistoryFilters, 'text'>;

export interface Facets {
  datasets: string[];
  optimizers: string[];
  tags: string[];
}

const noFilters: HistoryFilters = { status: '', dataset: '', optimizer: '', tag: '', text: '' };
export const defaultSort: HistorySort = { key: 'createdAt', direction: 'desc' };

/** Text columns read best A→Z first; dates and numbers newest or largest first. */
const ascendingFirst: readonly HistorySortKey[] = ['label', 'status', 'dataset', 'optimizer'];

export interface HistoryTableOptions {
  pageSize?: number;
  schedule?: Schedule;
}

export class HistoryTableState {
  filters = $state.raw<HistoryFilters>(noFilters);
  /** What the text box holds; it becomes filters.text after a pause in typing. */
  textInput = $state('');
  sort = $state.raw<HistorySort>(defaultSort);
  /** Runs matching the filters; null before the first answer. */
  total = $state<number | null>(null);
  /** Whether the host has answered at all since the last query change. */
  loaded = $state(false);
  error = $state<string | null>(null);
  facets = $state.raw<Facets>({ datasets: [], optimizers: [], tags: [] });
  /** Bumped when rows arrive or change (rows are plain: 10,000 of them must not become proxies). */
  version = $state(0);
  /** Bumped when the query changed: the table scrolls back to the top. */
  queryVersion = $state(0);
  checked = $state.raw<ReadonlySet<string>>(new Set());
  focusedIndex = $state(-1);
  /** The run whose detail is shown. */
  openedId = $state<string | null>(null);

  readonly pageSize: number;
  readonly #client: Client;
  readonly #schedule: Schedule;
  // Plain on purpose: `version` tells readers the rows changed.
  #pages = new Map<number, HistoryRow[]>();
  /** Pages of the previous answer, shown until their fresh copy arrives (a refresh must not blink). */
  #stale = new Map<number, HistoryRow[]>();
  #requested = new Set<number>();
  /** Answers to an older query are dropped. */
  #generation = 0;
  #window = { first: 0, end: 1 };
  /** The row a shift-click range starts from. */
  #anchor: number | null = null;
  #cancelText: (() => void) | null = null;
  #unsubscribe: (() => void)[] = [];

  constructor(client: Client, options: HistoryTableOptions = {}) {
    this.#client = client;
    this.pageSize = options.pageSize ?? historyPageSize;
    this.#schedule = options.schedule ?? realSchedule;
  }

  /** Listens for changes and fetches the facets and the first page. */
  async start(): Promise<void> {
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe = [
        this.#client.on('history:changed', () => void this.refresh()),
        this.#client.on('training:state', ({ run }) => {
          // A run not on screen matters only when it is new (it may belong at the top).
          const patched = this.#patch(run.runId, { status: run.state, train: run.train, dev: run.dev });
          if (!patched && (run.state === 'queued' || run.state === 'running')) void this.refresh();
        }),
        // A live run's row follows its epochs as they end (only rows on screen; others are read when they come into view).
        this.#client.on('training:progress', (message) => {
          const epoch = message.reports.findLast((r) => r.kind === 'epoch');
          if (epoch) this.#patch(message.runId, { status: message.state, epochs: epoch.epoch, train: epoch.train, dev: epoch.dev });
        }),
      ];
    }
    await Promise.all([this.#loadFacets(), this.#fetchWindow()]);
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#cancelText?.();
  }

  // ——— rows ———

  /** The row at `index` of the filtered, sorted table, or undefined while its page is on its way. */
  rowAt(index: number): HistoryRow | undefined {
    void this.version;
    const offset = Math.floor(index / this.pageSize) * this.pageSize;
    const page = this.#pages.get(offset) ?? this.#stale.get(offset);
    return page?.[index - offset];
  }

  /** Tells which rows are on screen: the pages holding them are fetched unless asked for already. */
  showRows(first: number, end: number): void {
    this.#window = { first, end: Math.max(end, first + 1) };
    void this.#fetchWindow();
  }

  /** Pages held or on their way (for tests and the benchmark). */
  get cachedPages(): number[] {
    return [...this.#requested].sort((a, b) => a - b);
  }

  /** Re-reads the rows on screen and the facets, keeping the old rows up until the new ones land. */
  async refresh(): Promise<void> {
    this.#stale = new Map([...this.#stale, ...this.#pages]);
    this.#clear();
    await Promise.all([this.#loadFacets(), this.#fetchWindow()]);
  }

  // ——— query ———

  setFilter(key: SelectFilter, value: string): void {
    if (this.filters[key] === value) return;
    this.filters = { ...this.filters, [key]: value };
    this.#queryChanged();
  }

  /** A key press in the text box: the table follows once typing pauses. */
  typeText(text: string): void {
    this.textInput = text;
    this.#cancelText?.();
    this.#cancelText = this.#schedule(() => {
      this.#cancelText = null;
      const trimmed = text.trim();
      if (trimmed === this.filters.text) return;
      this.filters = { ...this.filters, text: trimmed };
      this.#queryChanged();
    }, textDebounceMs);
  }

  clearFilters(): void {
    this.#cancelText?.();
    this.textInput = '';
    this.filters = noFilters;
    this.#queryChanged();
  }

  get filtered(): boolean {
    return Object.values(this.filters).some((value) => value !== '');
  }

  /** A header click: the same column again reverses the order; another column starts in its natural order. */
  toggleSort(key: HistorySortKey): void {
    this.sort =
      this.sort.key === key
        ? { key, direction: this.sort.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: ascendingFirst.includes(key) ? 'asc' : 'desc' };
    this.#queryChanged();
  }

  // ——— selection ———

  /** A checkbox click: toggles the run; with shift, every loaded row from the last click to this one takes its new state. */
  toggleChecked(index: number, shift = false): void {
    const row = this.rowAt(index);
    if (!row) return;
    const on = !this.checked.has(row.runId);
    const next = new Set(this.checked);
    const [from, to] = shift && this.#anchor !== null ? [Math.min(this.#anchor, index), Math.max(this.#anchor, index)] : [index, index];
    for (let i = from; i <= to; i++) {
      const id = this.rowAt(i)?.runId;
      if (!id) continue;
      if (on) next.add(id);
      else next.delete(id);
    }
    this.#anchor = index;
    this.checked = next;
  }

  setChecked(runIds: readonly string[]): void {
    this.checked = new Set(runIds);
    this.#anchor = null;
  }

  /** Up/down arrows: the focus moves within the table. */
  moveFocus(delta: number): void {
    if (!this.total) return;
    const from = this.focusedIndex < 0 ? (delta > 0 ? -1 : this.total) : this.focusedIndex;
    this.focusedIndex = Math.min(this.total - 1, Math.max(0, from + delta));
  }

  /** Enter or a click: the row's run is opened in the detail. */
  open(index: number): void {
    const row = this.rowAt(index);
    if (!row) return;
    this.focusedIndex = index;
    this.openedId = row.runId;
  }

  /** Runs that went away (deleted) are no longer checked or open. */
  forget(runIds: readonly string[]): void {
    const gone = new Set(runIds);
    if ([...this.checked].some((id) => gone.has(id))) this.checked = new Set([...this.checked].filter((id) => !gone.has(id)));
    if (this.openedId && gone.has(this.openedId)) this.openedId = null;
  }

  // ——— internals ———

  #queryChanged(): void {
    this.#stale = new Map();
    this.#clear();
    this.loaded = false;
    this.focusedIndex = -1;
    this.#anchor = null;
    this.#window = { first: 0, end: Math.max(1, this.#window.end - this.#window.first) };
    this.queryVersion++;
    this.version++;
    void this.#fetchWindow();
  }

  /** The pages of the rows on screen (those asked for already are not asked again). */
  async #fetchWindow(): Promise<void> {
    await Promise.all(pagesFor(this.#window.first, this.#window.end, this.pageSize).map((offset) => this.#fetch(offset)));
  }

  #clear(): void {
    this.#pages = new Map();
    this.#requested = new Set();
    this.#generation++;
  }

  async #fetch(offset: number): Promise<void> {
    if (this.#requested.has(offset)) return;
    this.#requested.add(offset);
    const generation = this.#generation;
    const { status, dataset, optimizer, tag, text } = this.filters;
    const result = await this.#client.call('history:list', {
      ...(status && { status }),
      ...(dataset && { dataset }),
      ...(optimizer && { optimizer }),
      ...(tag && { tag }),
      ...(text && { text }),
      sort: this.sort,
      offset,
      limit: this.pageSize,
    });
    if (generation !== this.#generation) return;
    if (!result.ok) {
      // Asked again on the next scroll or retry.
      this.#requested.delete(offset);
      this.error = result.error.message;
      this.loaded = true;
      return;
    }
    this.error = null;
    this.#pages.set(offset, result.value.runs);
    this.#stale.delete(offset);
    // A shorter table leaves stale pages past its end: they must not show as rows.
    for (const old of this.#stale.keys()) if (old >= result.value.total) this.#stale.delete(old);
    this.total = result.value.total;
    this.loaded = true;
    if (this.focusedIndex >= result.value.total) this.focusedIndex = result.value.total - 1;
    this.version++;
  }

  async #loadFacets(): Promise<void> {
    const result = await this.#client.call('history:facets', {});
    if (result.ok) this.facets = result.value;
  }

  /** Updates a cached row in place; false when the run is not among the rows held. */
  #patch(runId: string, changes: Partial<HistoryRow>): boolean {
    for (const pages of [this.#pages, this.#stale]) {
      for (const [offset, rows] of pages) {
        const index = rows.findIndex((row) => row.runId === runId);
        if (index < 0) continue;
        pages.set(offset, rows.with(index, { ...rows[index]!, ...changes }));
        this.version++;
        return true;
      }
    }
    return false;
  }
}

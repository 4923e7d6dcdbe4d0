/**
 * The search open in the Search view: its detail (search:get), its trials kept current by
 * search:progress, each trial's loss curve for the small-multiples grid (plain arrays fed by
 * training:progress of the trial's run, gaps filled from training:get), its parent's space (to draw
 * this search's box inside it), and the actions: stop a trial, stop the search, open the winner.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the curves are deliberately plain (`curvesVersion` says they grew) and the bookkeeping sets are never shown */
import type { Client, SearchDetail, SearchSummary, Trial } from '@shared/api';
import { rankTrials } from '@shared/search/api';
import { isRemoteTrial } from './search-text';

/** One trial's mini-batch losses, grown in place (they must not become reactive proxies). */
export interface TrialCurve {
  /** Losses by step, from step 1 (null where not finite). */
  readonly losses: (number | null)[];
}

export interface RestoredTrial {
  runId: string;
  name: string;
  design: Record<string, unknown>;
  settings: SearchDetail['settings'];
}

export class SearchDetailState {
  searchId = $state<string | null>(null);
  detail = $state.raw<SearchDetail | null>(null);
  /** Trials by index (the detail's, then search:progress's newer ones). */
  trials = $state.raw<Trial[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The action on its way ("stop", "winner", "trial-3"), which disables its button. */
  busy = $state<string | null>(null);
  actionError = $state<string | null>(null);
  /** The parent search (coarse to fine), for the box this one searched inside it. */
  parent = $state.raw<SearchDetail | null>(null);
  /** Bumped whenever any trial's curve grew (the grid redraws). */
  curvesVersion = $state(0);

  readonly summary: SearchSummary | null = $derived(this.detail?.summary ?? null);
  /** Best first, by the search's metric; trials without one last. */
  readonly ranked: Trial[] = $derived(this.detail ? rankTrials(this.detail.summary.metric, this.trials) : []);
  readonly live: boolean = $derived(this.summary?.status === 'running');

  readonly #client: Client;
  readonly #curves = new Map<string, TrialCurve>();
  readonly #filling = new Set<string>();
  readonly #fillAgain = new Set<string>();
  #off: (() => void)[] = [];
  #loads = 0;

  constructor(client: Client) {
    this.#client = client;
  }

  start(): void {
    if (this.#off.length > 0) return;
    this.#off = [
      this.#client.on('search:progress', ({ search, trials }) => {
        if (search.searchId !== this.searchId || !this.detail) return;
        this.detail = { ...this.detail, summary: search };
        if (trials.length > 0) this.#merge(trials);
      }),
      this.#client.on('training:progress', (message) => {
        if (!this.#runIds().has(message.runId)) return;
        const curve = this.#curveOf(message.runId);
        if (message.fromStep > curve.losses.length + 1) return void this.#fill(message.runId);
        const added = appendLosses(curve, message.fromStep, message.steps.map((p) => p.loss));
        if (added > 0) this.curvesVersion++;
      }),
    ];
  }

  dispose(): void {
    for (const off of this.#off) off();
    this.#off = [];
  }

  /**
   * How many steps a trial's curve holds. A view decides on this number whether there is a curve to
   * draw, not on curve(): that is the same object as it grows, and a view derived from it alone is
   * not told it changed (a card drawn while its curve was still empty kept saying "no steps yet").
   */
  curveLength(runId: string | null): number {
    void this.curvesVersion;
    return runId ? (this.#curves.get(runId)?.losses.length ?? 0) : 0;
  }

  /** A trial's curve so far (empty before its first step). */
  curve(runId: string | null): TrialCurve | null {
    // Read the version so a view that draws the curve redraws when it grows (the curves are plain).
    void this.curvesVersion;
    return runId ? (this.#curves.get(runId) ?? null) : null;
  }

  /** Opens a search (null closes it); answers for a search no longer open are dropped. */
  async open(searchId: string | null): Promise<void> {
    if (searchId === this.searchId && (this.detail || this.loading)) return;
    const load = ++this.#loads;
    this.searchId = searchId;
    this.detail = null;
    this.parent = null;
    this.trials = [];
    this.error = this.actionError = null;
    this.#curves.clear();
    if (!searchId) return;
    this.loading = true;
    const result = await this.#client.call('search:get', { searchId });
    if (load !== this.#loads) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.detail = result.value;
    this.trials = [...result.value.trials].sort((a, b) => a.index - b.index);
    const parentId = result.value.summary.parentId;
    if (parentId) {
      const parent = await this.#client.call('search:get', { searchId: parentId });
      if (load === this.#loads && parent.ok) this.parent = parent.value;
    }
    // Curves of trials that already trained: one training:get each, in index order.
    for (const trial of this.trials) {
      if (load !== this.#loads) return;
      if (trial.runId && isRemoteTrial(trial)) await this.#fillEpochs(trial.runId);
      else if (trial.runId && trial.steps > 0) await this.#fill(trial.runId);
    }
  }

  /** Reads the open search again (after a reconnect, say). */
  async reload(): Promise<void> {
    const id = this.searchId;
    this.searchId = null;
    await this.open(id);
  }

  async stopTrial(index: number): Promise<boolean> {
    const searchId = this.searchId;
    if (!searchId) return false;
    return this.#act(`trial-${index}`, async () => {
      const result = await this.#client.call('search:stopTrial', { searchId, index });
      if (result.ok) this.#merge([result.value]);
      return result;
    });
  }

  async stopSearch(): Promise<boolean> {
    const searchId = this.searchId;
    if (!searchId) return false;
    return this.#act('stop', async () => {
      const result = await this.#client.call('search:stop', { searchId });
      if (result.ok && this.detail) this.detail = { ...this.detail, summary: result.value };
      return result;
    });
  }

  /** The best trial's run with its design and settings (history:restore), or null (with `actionError`). */
  async openWinner(): Promise<RestoredTrial | null> {
    const runId = this.summary?.best?.runId ?? this.ranked.find((t) => t.runId && t.metric !== null)?.runId ?? null;
    if (!runId) {
      this.actionError = 'No trial has a result yet: there is no winner to open.';
      return null;
    }
    return this.openTrial(runId);
  }

  /** Any trial's run, as openWinner does for the best. */
  async openTrial(runId: string): Promise<RestoredTrial | null> {
    let restored: RestoredTrial | null = null;
    await this.#act('winner', async () => {
      const result = await this.#client.call('history:restore', { runId });
      if (result.ok) restored = { runId, ...result.value };
      return result;
    });
    return restored;
  }

  async #act(name: string, run: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>): Promise<boolean> {
    this.busy = name;
    this.actionError = null;
    const result = await run();
    this.busy = null;
    if (!result.ok) this.actionError = result.error.message;
    return result.ok;
  }

  #merge(changed: readonly Trial[]): void {
    const next = [...this.trials];
    for (const trial of changed) {
      const at = next.findIndex((t) => t.index === trial.index);
      if (at < 0) next.push(trial);
      else next[at] = trial;
    }
    next.sort((a, b) => a.index - b.index);
    this.trials = next;
    // A trial that ended (or whose run became known) after its progress went by: fetch what its curve misses.
    for (const trial of changed) {
      if (!trial.runId) continue;
      if (trial.status === 'running' || trial.status === 'pending') continue;
      // A trial trained by a queue worker keeps its per-step points there: its curve is its epochs' training loss,
      // which the coordinator records with the worker's result.
      if (isRemoteTrial(trial)) {
        if ((this.#curves.get(trial.runId)?.losses.length ?? 0) < trial.epochs) void this.#fillEpochs(trial.runId);
        continue;
      }
      if ((this.#curves.get(trial.runId)?.losses.length ?? 0) < trial.steps) void this.#fill(trial.runId);
    }
  }

  #runIds(): Set<string> {
    return new Set(this.trials.flatMap((t) => (t.runId ? [t.runId] : [])));
  }

  #curveOf(runId: string): TrialCurve {
    let curve = this.#curves.get(runId);
    if (!curve) this.#curves.set(runId, (curve = { losses: [] }));
    return curve;
  }

  /** A queue trial's curve: the training loss of each epoch its run has recorded (the coordinator keeps no step points of it). */
  async #fillEpochs(runId: string): Promise<void> {
    // One look at a time per run; a change meanwhile (the trial ended) asks for one more, so the last epochs are not missed.
    if (this.#filling.has(runId)) {
      this.#fillAgain.add(runId);
      return;
    }
    this.#filling.add(runId);
    try {
      do {
        this.#fillAgain.delete(runId);
        const result = await this.#client.call('training:get', { runId, limit: 1 });
        if (!result.ok) return;
        const curve = this.#curveOf(runId);
        const losses = result.value.reports.filter((report) => report.kind === 'epoch').map((report) => report.train.loss);
        if (appendLosses(curve, curve.losses.length + 1, losses.slice(curve.losses.length)) > 0) this.curvesVersion++;
      } while (this.#fillAgain.has(runId));
    } finally {
      this.#filling.delete(runId);
    }
  }

  /**
   * Fetches the steps a curve misses (page by page). As for #fillEpochs, one fetch at a time per run,
   * and a call meanwhile asks for one more pass rather than being dropped: a trial that ended, or
   * the search opened again (its curves started afresh), while a page was on its way had kept a
   * curve short, or empty, for good.
   */
  async #fill(runId: string): Promise<void> {
    if (this.#filling.has(runId)) {
      this.#fillAgain.add(runId);
      return;
    }
    this.#filling.add(runId);
    try {
      do {
        this.#fillAgain.delete(runId);
        for (let page = 0; page < 100; page++) {
          const result = await this.#client.call('training:get', { runId, fromStep: this.#curveOf(runId).losses.length + 1 });
          // Refused: no more pages (a pass asked for meanwhile still runs); the search shown now may be another one: its trials' curves only.
          if (!result.ok) break;
          if (!this.#runIds().has(runId)) return;
          // The curve as it is now (a new one when the search was opened again: the points must follow on from it).
          const curve = this.#curveOf(runId);
          const first = result.value.steps[0]?.step ?? curve.losses.length + 1;
          if (appendLosses(curve, first, result.value.steps.map((p) => p.loss)) > 0) this.curvesVersion++;
          if (result.value.nextStep === null) break;
        }
      } while (this.#fillAgain.has(runId));
    } finally {
      this.#filling.delete(runId);
    }
  }
}

/** Appends the losses of steps from `fromStep` that the curve does not hold yet; returns how many. */
export function appendLosses(curve: TrialCurve, fromStep: number, losses: readonly (number | null)[]): number {
  const losses_ = curve.losses as (number | null)[];
  let added = 0;
  losses.forEach((loss, i) => {
    if (fromStep + i !== losses_.length + 1) return;
    losses_.push(loss);
    added++;
  });
  return added;
}

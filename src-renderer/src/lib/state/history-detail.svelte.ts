/**
 * The run open in the History view: its detail from history:get, its curves, its notes (saved
 * after a pause in typing or when the box loses focus, with a "Saved" hint) and tags, and the
 * actions on it (restore, continue, metrics CSV, export). A history:changed or training:state
 * naming it reloads it, without undoing notes being typed; a live run's curves follow training:progress.
 */
import { maxTagsPerRun, RunTag, type Client, type HistoryRunDetail, type RunSummary } from '@shared/api';
import { runColors } from './training.svelte';
import type { StreamedRun } from './training-stream';
import { loadRunCurves } from './history-curves';
import { realSchedule, type Schedule } from './history-timers';

/** The pause in typing after which notes are saved. */
export const notesSaveDelayMs = 800;

export type NotesStatus = 'idle' | 'editing' | 'saving' | 'saved' | 'error';

export interface DetailOptions {
  schedule?: Schedule;
}

export class RunDetailState {
  runId = $state<string | null>(null);
  detail = $state.raw<HistoryRunDetail | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  notes = $state('');
  notesStatus = $state<NotesStatus>('idle');
  notesError = $state<string | null>(null);
  tagError = $state<string | null>(null);
  /** The action on its way ("restore", …), which disables the buttons. */
  busy = $state<string | null>(null);
  actionError = $state<string | null>(null);
  /** Chart data of the run (plain arrays); `curvesVersion` says it changed. */
  curves = $state.raw<StreamedRun | null>(null);
  curvesVersion = $state(0);
  curvesError = $state<string | null>(null);

  readonly #client: Client;
  readonly #schedule: Schedule;
  #cancelSave: (() => void) | null = null;
  #unsubscribe: (() => void)[] = [];
  #filling = false;
  /** Answers for a run no longer open are dropped. */
  #loads = 0;

  constructor(client: Client, options: DetailOptions = {}) {
    this.#client = client;
    this.#schedule = options.schedule ?? realSchedule;
  }

  start(): void {
    if (this.#unsubscribe.length > 0) return;
    this.#unsubscribe = [
      this.#client.on('history:changed', ({ runIds }) => {
        if (this.runId && runIds.includes(this.runId)) void this.#reload(this.runId);
      }),
      // A live run's curves grow as it trains; a gap (points coalesced away) is filled from training:get.
      this.#client.on('training:progress', (message) => {
        const curves = this.curves;
        if (!curves || message.runId !== this.runId) return;
        if (curves.gapBefore(message.fromStep)) return void this.#fillCurves(message.runId);
        curves.appendSteps(message.steps);
        curves.appendReports(message.reports);
        curves.appendInterventions(message.interventions);
        if (message.visuals) curves.visuals = message.visuals;
        this.curvesVersion++;
      }),
      // It changed state: an ended run has its final metrics, duration and diagnosis to show.
      this.#client.on('training:state', ({ run }) => {
        if (run.runId === this.runId) void this.#reload(run.runId);
      }),
    ];
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    void this.flushNotes();
  }

  /** Opens a run (null closes the detail); notes still waiting are saved to the run they belong to. */
  async open(runId: string | null): Promise<void> {
    if (runId === this.runId) return;
    await this.flushNotes();
    const load = ++this.#loads;
    this.runId = runId;
    this.detail = null;
    this.curves = null;
    this.error = this.actionError = this.tagError = this.curvesError = null;
    this.notesStatus = 'idle';
    if (!runId) return;
    this.loading = true;
    const result = await this.#client.call('history:get', { runId });
    if (load !== this.#loads) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.#take(result.value);
    const { row, metrics } = result.value;
    const curves = await loadRunCurves(this.#client, runId, `${row.runId} · ${row.label}`, runColors[0], metrics);
    if (load !== this.#loads) return;
    this.curves = curves.run;
    this.curvesError = curves.error;
    this.curvesVersion++;
  }

  /** Tries again after an error. */
  async retry(): Promise<void> {
    const runId = this.runId;
    this.runId = null;
    await this.open(runId);
  }

  // ——— notes and tags ———

  /** A key press in the notes: saved once typing pauses. */
  editNotes(text: string): void {
    this.notes = text;
    this.notesStatus = 'editing';
    this.#cancelSave?.();
    this.#cancelSave = this.#schedule(() => void this.flushNotes(), notesSaveDelayMs);
  }

  /** Saves notes not saved yet (the box lost focus, or another run opens). */
  async flushNotes(): Promise<void> {
    this.#cancelSave?.();
    this.#cancelSave = null;
    if (this.notesStatus !== 'editing' || !this.runId) return;
    this.notesStatus = 'saving';
    const notes = this.notes;
    const result = await this.#client.call('history:update', { runId: this.runId, notes });
    if (!result.ok) {
      this.notesStatus = 'error';
      this.notesError = result.error.message;
      return;
    }
    this.notesError = null;
    // Typing went on while it saved: that text is still to be saved.
    if (this.notes !== notes) return;
    this.notesStatus = 'saved';
    if (result.value.row.runId === this.runId) this.detail = result.value;
  }

  /** Adds a tag typed by the person; false (with the reason in tagError) when it cannot be. */
  async addTag(text: string): Promise<boolean> {
    const detail = this.detail;
    if (!detail) return false;
    const parsed = RunTag.safeParse(text);
    if (!parsed.success) {
      this.tagError = parsed.error.issues[0]?.message ?? 'not a valid tag';
      return false;
    }
    const tag = parsed.data;
    if (detail.row.tags.includes(tag)) {
      this.tagError = `“${tag}” is already a tag of this run`;
      return false;
    }
    if (detail.row.tags.length >= maxTagsPerRun) {
      this.tagError = `a run has at most ${maxTagsPerRun} tags: remove one first`;
      return false;
    }
    return this.#setTags([...detail.row.tags, tag]);
  }

  async removeTag(tag: string): Promise<boolean> {
    if (!this.detail) return false;
    return this.#setTags(this.detail.row.tags.filter((t) => t !== tag));
  }

  // ——— actions ———

  restore() {
    return this.#action('restore', (runId) => this.#client.call('history:restore', { runId }));
  }

  /** A new run from this one's final weights (the host refuses when none were kept). */
  continueRun(): Promise<RunSummary | null> {
    return this.#action('continue', (runId) => this.#client.call('history:continue', { runId }));
  }

  metricsCsv() {
    return this.#action('metrics', (runId) => this.#client.call('history:metricsCsv', { runId }));
  }

  exportRun() {
    return this.#action('export', (runId) => this.#client.call('history:export', { runIds: [runId] }));
  }

  // ——— internals ———

  async #setTags(tags: string[]): Promise<boolean> {
    const runId = this.runId!;
    this.tagError = null;
    const result = await this.#client.call('history:update', { runId, tags });
    if (!result.ok) {
      this.tagError = result.error.message;
      return false;
    }
    if (runId === this.runId) this.#take(result.value);
    return true;
  }

  async #action<T>(name: string, call: (runId: string) => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T | null> {
    if (!this.runId || this.busy) return null;
    this.busy = name;
    this.actionError = null;
    try {
      const result = await call(this.runId);
      if (!result.ok) {
        this.actionError = result.error.message;
        return null;
      }
      return result.value;
    } finally {
      this.busy = null;
    }
  }

  /** Fetches the points after the last one held (once at a time). */
  async #fillCurves(runId: string): Promise<void> {
    const curves = this.curves;
    if (!curves || this.#filling) return;
    this.#filling = true;
    try {
      let fromStep: number | null = curves.nextStep;
      while (fromStep !== null && this.curves === curves) {
        const from: number = fromStep;
        const result = await this.#client.call('training:get', { runId, fromStep: from });
        if (!result.ok) break;
        curves.absorb(result.value);
        fromStep = result.value.nextStep;
      }
      this.curvesVersion++;
    } finally {
      this.#filling = false;
    }
  }

  async #reload(runId: string): Promise<void> {
    const load = this.#loads;
    const result = await this.#client.call('history:get', { runId });
    if (load !== this.#loads || runId !== this.runId) return;
    if (result.ok) this.#take(result.value);
    // Gone (deleted in another window): the detail says so.
    else if (result.error.code === 'not_found') this.error = result.error.message;
  }

  /** A fresh detail; notes being typed (or saved meanwhile) are kept, not overwritten. */
  #take(detail: HistoryRunDetail): void {
    this.detail = detail;
    if (this.notesStatus !== 'editing' && this.notesStatus !== 'saving') this.notes = detail.notes;
  }
}

/**
 * The runs of this launch as the run panel shows them: their summaries (reactive), their chart data
 * (plain arrays grown in place, with one `version` bumped per message so charts know to redraw),
 * which run is selected and which others are overlaid, the commands that steer them, and the
 * gradient check's last report. A progress message that starts after the last step held means
 * points were coalesced away or the page joined late: they are fetched with training:get.
 */
import {
  endedRunStates,
  type AdjustmentChanges,
  type Client,
  type EventPayload,
  type GradientCheckResult,
  type RunHistory,
  type RunSettings,
  type RunSummary,
  type RunVisuals,
} from '@shared/api';
import type { ChartRun } from '../charts/chart-run';
import { branchSourceId, lineageOf, offsetOf } from '../charts/run-lineage';
import { pandaLog, type PandaLogEntry } from '../panels/run/panda-log';
import { StreamedRun } from './training-stream';

type Progress = EventPayload<'training:progress'>;

/** What the panel does with a failed command: its message, said in the panel. */
export interface TrainingError {
  action: string;
  message: string;
}

/** A checkpoint a rollback can go to: the state after `step` steps, at the end of `epoch`. */
export interface Checkpoint {
  epoch: number;
  step: number;
}

/** Colours for runs in the order they appear, readable on both themes. */
export const runColors = ['#4f7cff', '#e5793b', '#2fa36b', '#c04fc4', '#d4a72c', '#e0465e', '#2ba3b8', '#8a6cf0'] as const;

export class TrainingState {
  /** Newest first, as training:list gives them. */
  runs = $state.raw<RunSummary[]>([]);
  selectedId = $state<string | null>(null);
  /** Other runs drawn on the selected run's charts. */
  overlaid = $state.raw<string[]>([]);
  /** Bumped once per message that changed any run's chart data. */
  version = $state(0);
  error = $state.raw<TrainingError | null>(null);
  gradcheck = $state.raw<GradientCheckResult | null>(null);
  checking = $state(false);
  /** A command is on its way (buttons stay disabled until it answers). */
  busy = $state(false);

  /** The selected run's checkpoints (panda's rollback targets), oldest first; refreshed at each of its epoch reports. */
  checkpoints = $state.raw<{ runId: string; list: Checkpoint[]; problem: string | null } | null>(null);

  readonly selected: RunSummary | null = $derived(this.runs.find((r) => r.runId === this.selectedId) ?? null);
  /** The selected run's changes and rollbacks, and those of the runs it branched from, on the lineage's axis. */
  readonly pandaLog: PandaLogEntry[] = $derived(this.selectedId ? pandaLog(this.runs, this.selectedId) : []);
  /** The other runs of the selected run's lineage (its sources and branches), drawn with it. */
  readonly lineage: string[] = $derived(this.selectedId ? lineageOf(this.runs, this.selectedId).filter((id) => id !== this.selectedId) : []);

  readonly #client: Client;
  /** Plain on purpose: `version` is what tells the charts the data changed. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #streams = new Map<string, StreamedRun>();
  /** Runs being backfilled, with the messages that arrived meanwhile (replayed after); never rendered. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #backfilling = new Map<string, Progress[]>();
  #unsubscribe: (() => void)[] = [];
  /** The run whose checkpoints are being asked for (one request at a time; a later wish is kept). */
  #checkpointsLoading: string | null = null;
  #checkpointsAgain = false;

  constructor(client: Client) {
    this.#client = client;
  }

  /** Listens to the run events and lists the runs so far. */
  async start(): Promise<void> {
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe = [
        this.#client.on('training:progress', (message) => this.#progress(message)),
        this.#client.on('training:state', ({ run }) => this.#upsert(run)),
      ];
    }
    await this.refresh();
  }

  /** Lists the runs again and fetches the points each missed (after a reconnect, say). */
  async refresh(): Promise<void> {
    const listed = await this.#client.call('training:list', {});
    if (!listed.ok) {
      this.error = { action: 'list the runs', message: listed.error.message };
      return;
    }
    const hadSelection = this.selectedId !== null;
    for (const run of [...listed.value.runs].reverse()) this.#upsert(run);
    // With nothing chosen yet, the newest run is the one to show.
    if (!hadSelection && listed.value.runs[0]) this.selectedId = listed.value.runs[0].runId;
    if (this.selectedId) void this.loadCheckpoints(this.selectedId);
    // Points are fetched for runs still training and runs on show; an ended run's when it is shown.
    const wanted = listed.value.runs.filter((run) => TrainingState.isLive(run) || this.#shown(run.runId));
    await Promise.all(wanted.map((run) => this.#backfill(run.runId)));
  }

  #shown(runId: string): boolean {
    return runId === this.selectedId || this.overlaid.includes(runId) || this.lineage.includes(runId);
  }

  /** Fetches the points of a run about to be shown, unless it has them all already. */
  #ensurePoints(runId: string): void {
    const run = this.runs.find((r) => r.runId === runId);
    if (!run || this.#backfilling.has(runId)) return;
    if ((this.#streams.get(runId)?.nextStep ?? 1) > run.step) return;
    void this.#backfill(runId);
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }

  // ——— what the panel and charts read ———

  /** The chart data of a run (null before it is known). */
  chartRun(runId: string): ChartRun | null {
    return this.#streams.get(runId) ?? null;
  }

  /** The selected run first, then the rest of its lineage (a branch over its source), then the overlaid ones, for the charts. */
  get chartRuns(): ChartRun[] {
    void this.version;
    const ids = this.selectedId ? [this.selectedId, ...this.lineage, ...this.overlaid] : this.overlaid;
    return ids.filter((id, index) => ids.indexOf(id) === index).flatMap((id) => this.#streams.get(id) ?? []);
  }

  /** The selected run's latest pictures (decision boundary, confusion matrix, images). */
  get visuals(): RunVisuals | null {
    void this.version;
    return this.selectedId ? (this.#streams.get(this.selectedId)?.visuals ?? null) : null;
  }

  /** The first and the latest finite mini-batch loss of a run (whether training brings it down), or null before two points. */
  lossSpan(runId: string): { first: number; last: number } | null {
    void this.version;
    const steps = this.#streams.get(runId)?.steps ?? [];
    const first = steps.find((p) => p.loss !== null)?.loss;
    const last = steps.findLast((p) => p.loss !== null)?.loss;
    return first == null || last == null || steps.length < 2 ? null : { first, last };
  }

  select(runId: string | null): void {
    this.selectedId = runId;
    if (runId) {
      this.#ensurePoints(runId);
      for (const id of this.lineage) this.#ensurePoints(id);
      void this.loadCheckpoints(runId);
    }
  }

  /** Asks for a run's checkpoints (they land in `checkpoints` if it is still the selected run). */
  async loadCheckpoints(runId: string): Promise<void> {
    if (this.#checkpointsLoading !== null) {
      this.#checkpointsAgain = true;
      return;
    }
    this.#checkpointsLoading = runId;
    try {
      const result = await this.#client.call('training:checkpoints', { runId });
      // Said beside the list, not as the panel's error: the run itself is fine.
      if (runId === this.selectedId) {
        this.checkpoints = result.ok ? { runId, list: result.value.checkpoints, problem: null } : { runId, list: [], problem: result.error.message };
      }
    } finally {
      this.#checkpointsLoading = null;
    }
    // The selection changed or another epoch ended meanwhile: ask once more, for the run selected now.
    if (this.#checkpointsAgain) {
      this.#checkpointsAgain = false;
      if (this.selectedId) await this.loadCheckpoints(this.selectedId);
    }
  }

  setOverlaid(runId: string, on: boolean): void {
    const rest = this.overlaid.filter((id) => id !== runId);
    this.overlaid = on ? [...rest, runId] : rest;
    if (on) this.#ensurePoints(runId);
  }

  dismissError(): void {
    this.error = null;
  }

  // ——— commands ———

  /** Queues a run of `design` with `settings` and selects it; false (with the reason in `error`) when refused. */
  async train(design: Record<string, unknown>, name: string, settings: RunSettings): Promise<RunSummary | null> {
    return this.#command('start training', async () => {
      const result = await this.#client.call('training:start', { design, name, settings });
      if (result.ok) {
        this.#upsert(result.value);
        this.selectedId = result.value.runId;
      }
      return result;
    });
  }

  pause(runId: string) {
    return this.#command('pause the run', () => this.#client.call('training:pause', { runId }));
  }
  resume(runId: string) {
    return this.#command('resume the run', () => this.#client.call('training:resume', { runId }));
  }
  stop(runId: string) {
    return this.#command('stop the run', () => this.#client.call('training:stop', { runId }));
  }
  adjust(runId: string, changes: AdjustmentChanges) {
    return this.#command('apply the changes', () => this.#client.call('training:adjust', { runId, changes }));
  }

  /**
   * Panda's rollback: a branch of the run from its checkpoint at `epoch` with `changes` applied from
   * its start. The branch becomes the selected run; the source stays (stopped if it still trained).
   */
  async rollback(runId: string, epoch: number, changes: AdjustmentChanges | null): Promise<RunSummary | null> {
    const branch = await this.#command('roll back the run', () => this.#client.call('training:rollback', { runId, epoch, ...(changes && { changes }) }));
    if (branch) this.select(branch.runId);
    return branch;
  }

  /** Runs the float64 gradient check of the design on the data; its report lands in `gradcheck`. */
  async checkGradients(design: Record<string, unknown>, settings: RunSettings): Promise<GradientCheckResult | null> {
    this.checking = true;
    this.error = null;
    try {
      const result = await this.#client.call('training:gradcheck', { design, settings });
      if (!result.ok) {
        this.error = { action: 'check the gradients', message: result.error.message };
        return null;
      }
      this.gradcheck = result.value;
      return result.value;
    } finally {
      this.checking = false;
    }
  }

  clearGradcheck(): void {
    this.gradcheck = null;
  }

  // ——— internals ———

  async #command(action: string, call: () => Promise<{ ok: true; value: RunSummary } | { ok: false; error: { message: string } }>): Promise<RunSummary | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (!result.ok) {
        this.error = { action, message: result.error.message };
        return null;
      }
      this.#upsert(result.value);
      return result.value;
    } finally {
      this.busy = false;
    }
  }

  #stream(run: Pick<RunSummary, 'runId' | 'label'>): StreamedRun {
    let stream = this.#streams.get(run.runId);
    if (!stream) {
      stream = new StreamedRun(run.runId, `${run.runId} · ${run.label}`, runColors[this.#streams.size % runColors.length]!);
      this.#streams.set(run.runId, stream);
    }
    return stream;
  }

  /** A summary from any source: newer state replaces the old one; a new run goes first. */
  #upsert(run: RunSummary): void {
    // A run never starts again once ended: a summary saying otherwise was made before the end and arrived after it
    // (a training:get answered just before a rollback stopped the run, say).
    const known = this.runs.find((r) => r.runId === run.runId);
    if (known && !TrainingState.isLive(known) && TrainingState.isLive(run)) return;
    const stream = this.#stream(run);
    stream.setInterventions(run.interventions);
    const index = this.runs.findIndex((r) => r.runId === run.runId);
    const ended = index >= 0 && TrainingState.isLive(this.runs[index]!) && !TrainingState.isLive(run);
    this.runs = index < 0 ? [run, ...this.runs] : this.runs.with(index, run);
    this.selectedId ??= run.runId;
    if (index < 0) this.#placeBranches();
    // The last checkpoint is written as a run ends.
    if (ended && run.runId === this.selectedId) void this.loadCheckpoints(run.runId);
    this.version++;
  }

  /** Where each branch is drawn: after its source (known now, perhaps) on the lineage's axis. */
  #placeBranches(): void {
    for (const run of this.runs) {
      const stream = this.#streams.get(run.runId);
      if (!stream || branchSourceId(run) === null) continue;
      stream.offset = offsetOf(this.runs, run.runId);
      stream.rollbackTo = run.branchedAt?.epoch ?? null;
    }
  }

  #progress(message: Progress): void {
    const waiting = this.#backfilling.get(message.runId);
    if (waiting) {
      waiting.push(message);
      return;
    }
    const known = this.runs.find((r) => r.runId === message.runId);
    const stream = this.#streams.get(message.runId);
    if (!known || !stream || stream.gapBefore(message.fromStep)) {
      // Joined mid-run or points were coalesced away: fetch what is missing, then this message.
      void this.#backfill(message.runId, [message]);
      return;
    }
    this.#apply(stream, known, message);
  }

  #apply(stream: StreamedRun, known: RunSummary, message: Progress): void {
    stream.appendSteps(message.steps);
    stream.appendReports(message.reports);
    stream.appendInterventions(message.interventions);
    if (message.visuals) stream.visuals = message.visuals;
    const latest = message.reports.at(-1);
    const updated: RunSummary = {
      ...known,
      // A progress message can arrive after the state that ended its run (held during a backfill, or
      // batched behind it): it never brings an ended run back to life.
      state: TrainingState.isLive(known) ? message.state : known.state,
      step: Math.max(known.step, message.step),
      epoch: Math.max(known.epoch, message.epoch),
      stepsPerSecond: message.stepsPerSecond,
      interventions: [...stream.interventions],
      ...(latest?.kind === 'epoch' && { train: latest.train, dev: latest.dev }),
    };
    const index = this.runs.findIndex((r) => r.runId === known.runId);
    this.runs = this.runs.with(index, updated);
    // A checkpoint may have been kept at this epoch's end.
    if (known.runId === this.selectedId && message.reports.some((report) => report.kind === 'epoch')) void this.loadCheckpoints(known.runId);
    this.version++;
  }

  /** Fetches a run's points from the first one not held, then replays what arrived meanwhile. */
  async #backfill(runId: string, pending: Progress[] = []): Promise<void> {
    if (this.#backfilling.has(runId)) {
      this.#backfilling.get(runId)!.push(...pending);
      return;
    }
    const queue = [...pending];
    this.#backfilling.set(runId, queue);
    let fetched = false;
    try {
      // A long run comes in pages; each is placed before the next is asked for, so the page stays responsive.
      let fromStep: number | null = this.#streams.get(runId)?.nextStep ?? 1;
      while (fromStep !== null) {
        const result = await this.#client.call('training:get', { runId, fromStep });
        if (!result.ok) {
          this.error = { action: `fetch the points of ${runId}`, message: result.error.message };
          break;
        }
        const history: RunHistory = result.value;
        this.#stream(history.run).absorb(history);
        this.#upsert(history.run);
        fetched = true;
        fromStep = history.nextStep;
      }
    } finally {
      this.#backfilling.delete(runId);
    }
    // Without the history the queued messages cannot be placed; the next message tries again.
    if (!fetched) return;
    // Later messages: apply those that continue the series; a new gap would backfill again.
    for (const message of queue) this.#progress(message);
  }

  /** Whether the run can still change (for buttons). */
  static isLive(run: RunSummary): boolean {
    return !endedRunStates.includes(run.state);
  }
}

/** The compare view: 2 to 8 runs' per-epoch curves (one colour each) and the settings that differ. */
import type { Client, ComparedRun, SettingDifference } from '@shared/api';
import type { ChartRun } from '../charts/chart-run';
import { epochChartRun } from './history-curves';
import { runColors } from './training.svelte';

export const minCompared = 2;
export const maxCompared = 8;

/** Why Compare cannot start with `count` runs checked, or null when it can. */
export function compareBlockedReason(count: number): string | null {
  if (count < minCompared) return `Check ${minCompared} to ${maxCompared} runs to compare them`;
  if (count > maxCompared) return `Compare takes at most ${maxCompared} runs: ${count} are checked`;
  return null;
}

export class CompareState {
  /** The runs asked for, in order; empty when the compare view is closed. */
  runIds = $state.raw<string[]>([]);
  runs = $state.raw<ComparedRun[]>([]);
  differences = $state.raw<SettingDifference[]>([]);
  chartRuns = $state.raw<ChartRun[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly #client: Client;
  #loads = 0;

  constructor(client: Client) {
    this.#client = client;
  }

  get open(): boolean {
    return this.runIds.length > 0;
  }

  async compare(runIds: readonly string[]): Promise<boolean> {
    const blocked = compareBlockedReason(runIds.length);
    if (blocked) {
      this.error = blocked;
      return false;
    }
    const load = ++this.#loads;
    this.runIds = [...runIds];
    this.loading = true;
    this.error = null;
    const result = await this.#client.call('history:compare', { runIds: [...runIds] });
    if (load !== this.#loads) return false;
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      this.runs = [];
      this.differences = [];
      this.chartRuns = [];
      return false;
    }
    this.runs = result.value.runs;
    this.differences = result.value.differences;
    this.chartRuns = result.value.runs.map((run, index) => epochChartRun(run.runId, `${run.runId} · ${run.label}`, runColors[index % runColors.length]!, run.metrics));
    return true;
  }

  close(): void {
    this.#loads++;
    this.runIds = [];
    this.runs = [];
    this.differences = [];
    this.chartRuns = [];
    this.loading = false;
    this.error = null;
  }
}

/**
 * Compare: each run's per-epoch curves and final metrics, and the settings that differ between
 * them (src-shared/history/settings-diff.ts). A CSV's text is compared by its fingerprint, not
 * character by character; the design by name and version.
 */
import type { ComparedRun, RunSettings, SettingDifference } from '@shared/api';
import { settingDifferences } from '@shared/history/settings-diff';
import type { KnownRun } from './history-detail';

export interface Comparison {
  runs: ComparedRun[];
  differences: SettingDifference[];
}

export function compareRuns(known: readonly KnownRun[]): Comparison {
  return {
    runs: known.map(({ run }) => ({ runId: run.id, label: run.label, status: run.status, final: { train: run.train, dev: run.dev }, metrics: run.metrics })),
    differences: settingDifferences(known.map(comparable)),
  };
}

/** What the diff sees of a run: its design's name and version, then its settings. */
function comparable({ run, settings, links }: KnownRun): Record<string, unknown> {
  return { ...(run.design && { design: run.design }), ...settings, data: comparableData(settings.data, links.dataFingerprint) };
}

/** A CSV source without its text, with a short fingerprint of its rows instead (files: path, size and time). */
function comparableData(data: RunSettings['data'], fingerprint: string): Record<string, unknown> {
  if (data.kind === 'csv-text') {
    const { text: _text, ...rest } = data;
    return { ...rest, fingerprint: fingerprint.slice(0, 12) };
  }
  if (data.kind === 'csv') return { ...data, fingerprint: fingerprint.slice(0, 12) };
  return data;
}

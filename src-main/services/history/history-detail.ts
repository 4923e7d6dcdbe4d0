/**
 * A run as the History view shows it (HistoryRunDetail) and as Compare reads it, built from the
 * history queries. Settings are parsed with the contract's RunSettings (a page's CSV text put back
 * from dataset_texts); a diagnosis that no longer reads as one is shown as none.
 */
import { Diagnosis, RunSettings, type HistoryRow, type HistoryRunDetail } from '@shared/api';
import type { SqliteDatabase } from './database';
import { runLinks, showRun, type RunDetail, type RunLinks } from './history-queries';
import { restoredSettings } from './run-rows';

/** A run that is neither unknown nor deleted, with its settings checked. */
export interface KnownRun {
  run: RunDetail;
  links: RunLinks;
  settings: RunSettings;
}

export function knownRun(db: SqliteDatabase, runId: string): KnownRun | null {
  const run = showRun(db, runId);
  const links = run && runLinks(db, runId);
  if (!run || !links) return null;
  return { run, links, settings: settingsWithText(db, run.settings, links.dataFingerprint, runId) };
}

/** The settings a run trained, with a page's CSV text (stored once, by fingerprint) back in place. */
function settingsWithText(db: SqliteDatabase, stored: unknown, fingerprint: string, runId: string): RunSettings {
  const csvText = (stored as { data?: { kind?: unknown } }).data?.kind === 'csv-text' ? ((db.prepare('SELECT text FROM dataset_texts WHERE fingerprint = ?').pluck().get(fingerprint) as string | undefined) ?? null) : null;
  const parsed = RunSettings.safeParse(restoredSettings(JSON.stringify(stored), csvText));
  if (!parsed.success) throw new Error(`The experiment database's run ${runId} has settings that do not read back: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

export function historyRow({ run, settings }: KnownRun): HistoryRow {
  return {
    runId: run.id,
    label: run.label,
    status: run.status,
    dataset: run.dataset,
    optimizer: settings.settings.optimizer.kind,
    createdAt: run.createdAt,
    epochs: run.metrics.length,
    plannedEpochs: run.plannedEpochs,
    train: run.train,
    dev: run.dev,
    durationMs: run.durationMs === null ? null : Math.round(run.durationMs),
    tags: run.tags,
    continuedFrom: run.continuedFrom,
  };
}

export function historyDetail(known: KnownRun): HistoryRunDetail {
  const { run, links, settings } = known;
  const diagnosis = Diagnosis.safeParse(run.diagnosis);
  return {
    row: historyRow(known),
    settings,
    design: run.design,
    parameters: run.parameters,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    backend: run.backend,
    test: run.test,
    diagnosis: diagnosis.success ? diagnosis.data : null,
    error: run.error,
    notes: run.notes,
    continuations: links.continuations,
    interventions: run.interventions,
    metrics: run.metrics,
    hasModel: links.hasModel,
    checkpoints: links.checkpoints,
    dataFingerprint: links.dataFingerprint,
  };
}

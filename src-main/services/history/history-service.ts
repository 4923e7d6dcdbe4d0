/**
 * The History commands over the experiment database: one method per history:* command. Reads
 * flush the run store first, so live runs (still training, in this process) answer like the runs
 * of earlier launches. Deleted runs are hidden at once and purged once the undo window has passed
 * (a timer, and at start for runs an earlier launch left deleted). Changes are announced through
 * `onChanged` (the host emits history:changed).
 */
import {
  CommandError,
  type commands,
  type HistoryQuery,
  type HistoryRow,
  type HistoryRunDetail,
  type ParsedRequestOf,
  type ResponseOf,
  type RunSummary,
} from '@shared/api';
import type { SqliteDatabase } from './database';
import { compareRuns, type Comparison } from './history-compare';
import { historyDetail, knownRun, type KnownRun } from './history-detail';
import { listRuns, runFacets, type RunFacets, type RunListRow } from './history-queries';
import { exportFormatInfo, exportStem } from '@shared/export/formats';
import { exporters, type ExportedFile } from '../../export/exporters';
import { modelOfRun } from '../../export/model-source';
import { metricsCsv } from './metrics-csv';
import { exportRuns, importRuns, parseArchive } from './run-archive';
import { checkDeletable, earliestDeletion, markDeleted, purgeDeleted, undoDeleted } from './run-deletion';
import type { SqliteRunStore } from './sqlite-run-store';

/** Trains further from a run's final weights (the training service's continueRun). */
export interface RunContinuer {
  continueRun(request: { runId: string; epochs?: number }): Promise<RunSummary>;
}

/** The training service once it can continue runs; null before (then history:continue answers 'unavailable'). */
export function asRunContinuer(service: object | null | undefined): RunContinuer | null {
  return service && typeof (service as Partial<RunContinuer>).continueRun === 'function' ? (service as RunContinuer) : null;
}

/** The experiment database a host opened: its connection and the run store recording into it. */
export interface HistoryDatabase {
  db: SqliteDatabase;
  store: SqliteRunStore;
  /** How long a deleted run can be brought back (default 8 s). */
  undoWindowMs?: number;
}

export interface HistoryServiceOptions extends HistoryDatabase {
  continuer?: RunContinuer | null;
  onChanged?: (runIds: string[]) => void;
  now?: () => Date;
}

export const defaultUndoWindowMs = 8000;
/** The purge runs this long after a window ends, so a run deleted at the same millisecond is not left behind. */
const purgeSlackMs = 50;

type Request<C extends keyof typeof commands> = ParsedRequestOf<C>;
type Response<C extends keyof typeof commands> = ResponseOf<C>;

export class HistoryService {
  private readonly db: SqliteDatabase;
  private readonly store: SqliteRunStore;
  private readonly undoWindowMs: number;
  private readonly now: () => Date;
  private purgeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: HistoryServiceOptions) {
    this.db = options.db;
    this.store = options.store;
    this.undoWindowMs = options.undoWindowMs ?? defaultUndoWindowMs;
    this.now = options.now ?? (() => new Date());
    // Runs an earlier launch deleted and did not live to purge.
    this.purgeExpired();
  }

  list(query: HistoryQuery): Response<'history:list'> {
    this.store.flush();
    const page = listRuns(this.db, query);
    return { runs: page.runs.map(rowOf), total: page.total };
  }

  facets(): RunFacets {
    this.store.flush();
    return runFacets(this.db);
  }

  get({ runId }: Request<'history:get'>): HistoryRunDetail {
    return historyDetail(this.mustKnow(runId));
  }

  update({ runId, notes, tags }: Request<'history:update'>): HistoryRunDetail {
    this.mustKnow(runId);
    if (notes !== undefined) this.store.setNotes(runId, notes);
    if (tags !== undefined) this.store.setTags(runId, [...new Set(tags.map((tag) => tag.trim()))]);
    this.changed([runId]);
    return this.get({ runId });
  }

  compare({ runIds }: Request<'history:compare'>): Comparison {
    return compareRuns(this.mustKnowAll(runIds));
  }

  delete({ runIds }: Request<'history:delete'>): Response<'history:delete'> {
    this.store.flush();
    const check = checkDeletable(this.db, runIds);
    if (check.unknown.length > 0) throw notFound(check.unknown);
    if (check.live.length > 0) {
      const named = check.live.map(({ runId, status }) => `${runId} (${status})`).join(', ');
      throw new CommandError('conflict', `${named} ${check.live.length === 1 ? 'is' : 'are'} still training; stop ${check.live.length === 1 ? 'it' : 'them'} before deleting. Nothing was deleted.`);
    }
    const at = this.now();
    markDeleted(this.db, runIds, at);
    this.schedulePurge();
    this.changed(runIds);
    return { deleted: [...runIds], undoUntil: new Date(at.getTime() + this.undoWindowMs).toISOString() };
  }

  undoDelete({ runIds }: Request<'history:undoDelete'>): Response<'history:undoDelete'> {
    const restored = undoDeleted(this.db, runIds);
    if (restored.length === 0) throw new CommandError('not_found', `${list(runIds)} cannot be brought back: ${runIds.length === 1 ? 'it was' : 'they were'} not deleted, or the ${seconds(this.undoWindowMs)} to undo had passed and ${runIds.length === 1 ? 'it is' : 'they are'} gone for good.`);
    this.changed(restored);
    return { restored };
  }

  export({ runIds }: Request<'history:export'>): Response<'history:export'> {
    this.mustKnowIds(runIds);
    const now = this.now();
    return { fileName: `deepwire-runs-${now.toISOString().slice(0, 10)}.json`, json: JSON.stringify(exportRuns(this.db, runIds, now)) };
  }

  import({ json }: Request<'history:import'>): Response<'history:import'> {
    const parsed = parseArchive(json);
    if (!parsed.ok) throw new CommandError('invalid_request', `This file cannot be imported: ${parsed.message}. Nothing was imported.`);
    let outcome;
    try {
      outcome = importRuns(this.db, parsed.archive, this.now());
    } catch (error) {
      // The import is one transaction: whatever failed, it was rolled back whole.
      throw new CommandError('invalid_request', `This file cannot be imported: ${error instanceof Error ? error.message : String(error)}. Nothing was imported.`);
    }
    const imported = outcome.imported.map(({ to }) => to);
    if (imported.length > 0) this.changed(imported);
    return { imported, skipped: outcome.skipped.map((runId) => ({ runId, reason: 'it is in history already (same start time, label and data)' })) };
  }

  /** The run's kept model as the format's files (base64), or why it has none to give. */
  exportModel({ runId, format }: Request<'history:exportModel'>): Response<'history:exportModel'> {
    this.store.flush();
    const source = modelOfRun(this.store, runId);
    if (!source.ok) throw new CommandError(this.store.summary(runId) ? 'conflict' : 'not_found', source.message);
    let files: ExportedFile[];
    try {
      files = exporters[format](source.document, { name: source.name, stem: exportStem(source.name) });
    } catch (error) {
      // An exporter refuses a model it cannot express (weights that do not fit, a damaged normalization) with its reason.
      throw new CommandError('conflict', `${runId} could not be exported as ${exportFormatInfo[format].label}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { files: files.map(({ fileName, mediaType, bytes }) => ({ fileName, mediaType, base64: Buffer.from(bytes).toString('base64') })) };
  }

  metricsCsv({ runId }: Request<'history:metricsCsv'>): Response<'history:metricsCsv'> {
    const { run } = this.mustKnow(runId);
    return { fileName: `${runId}-metrics.csv`, csv: metricsCsv(run.metrics) };
  }

  restore({ runId }: Request<'history:restore'>): Response<'history:restore'> {
    const { run, settings } = this.mustKnow(runId);
    const design = this.store.design(runId);
    if (!design || typeof design.doc !== 'object' || design.doc === null || Array.isArray(design.doc)) {
      throw new CommandError('not_found', `${runId} recorded no design (an earlier version of Deepwire kept none for command-line --layers runs), so there is nothing to put back into the editor; its settings are listed in its detail.`);
    }
    return { name: design.name || run.label, design: design.doc as Record<string, unknown>, settings };
  }

  async continue({ runId, epochs }: Request<'history:continue'>): Promise<RunSummary> {
    this.mustKnow(runId);
    const continuer = this.options.continuer;
    if (!continuer) throw new CommandError('unavailable', 'Continuing a run needs the training service, which this host did not start.');
    return continuer.continueRun({ runId, ...(epochs !== undefined && { epochs }) });
  }

  /** Removes for good the runs whose undo window has passed; returns their ids. */
  purgeExpired(): string[] {
    if (!this.db.open) return [];
    const purged = purgeDeleted(this.db, new Date(this.now().getTime() - this.undoWindowMs));
    this.schedulePurge();
    return purged;
  }

  /** Stops the purge timer (runs still deleted are purged at the next start). */
  dispose(): void {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    this.purgeTimer = null;
  }

  /** One timer, for the earliest deleted run's end of undo. */
  private schedulePurge(): void {
    this.dispose();
    const earliest = earliestDeletion(this.db);
    if (earliest === null) return;
    const wait = Math.max(0, earliest.getTime() + this.undoWindowMs - this.now().getTime()) + purgeSlackMs;
    this.purgeTimer = setTimeout(() => {
      this.purgeTimer = null;
      this.purgeExpired();
    }, wait);
    // A pending purge does not keep a process alive; the next start finishes it.
    this.purgeTimer.unref();
  }

  private changed(runIds: string[]): void {
    this.options.onChanged?.(runIds);
  }

  private mustKnow(runId: string): KnownRun {
    this.store.flush();
    const known = knownRun(this.db, runId);
    if (!known) throw notFound([runId]);
    return known;
  }

  private mustKnowAll(runIds: readonly string[]): KnownRun[] {
    this.store.flush();
    const known = runIds.map((runId) => knownRun(this.db, runId));
    const missing = runIds.filter((_, i) => known[i] === null);
    if (missing.length > 0) throw notFound(missing);
    return known as KnownRun[];
  }

  private mustKnowIds(runIds: readonly string[]): void {
    this.store.flush();
    const exists = this.db.prepare('SELECT 1 FROM runs WHERE id = ? AND deleted_at IS NULL').pluck();
    const missing = runIds.filter((runId) => exists.get(runId) === undefined);
    if (missing.length > 0) throw notFound(missing);
  }
}

function rowOf(row: RunListRow): HistoryRow {
  const { id, ...rest } = row;
  return { runId: id, ...rest };
}

function notFound(runIds: readonly string[]): CommandError {
  return new CommandError('not_found', `${list(runIds)} ${runIds.length === 1 ? 'is' : 'are'} not in history (never recorded here, or deleted).`);
}

function list(runIds: readonly string[]): string {
  const shown = runIds.slice(0, 5).join(', ');
  return `${runIds.length === 1 ? 'Run' : 'Runs'} ${shown}${runIds.length > 5 ? ` and ${runIds.length - 5} more` : ''}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * The RunStore on the experiment database. Writes are buffered in memory and flushed from main in
 * one transaction per flush: every `flushIntervalMs` (default 1 s), when a run ends and on close,
 * so a crash loses at most the last second. Reads combine the database with what is not flushed
 * yet, so the contract's answers stay complete. On open, runs a crash left queued, running or
 * paused become 'interrupted' with everything they had written, unless another live process is
 * still recording them (run-ownership.ts: owner and heartbeat, written at every flush). Runs
 * deleted in History (deleted_at set, waiting for the undo window to pass) are not listed. A full disk (SQLITE_FULL) rolls
 * the flush back, ends the runs it carried as failed with "disk full", and leaves reading working.
 */
import {
  RunSummary,
  endedRunStates,
  maxHistoryPage,
  type AppliedAdjustment,
  type GradientCheckResult,
  type RunHistory,
  type RunVisuals,
  type TrainingProgress,
} from '@shared/api';
import type { RunStore, RunsFailedListener } from '../training/run-store';
import type { SqliteDatabase, SqliteStatement } from './database';
import { defaultStaleAfterMs, isAbandoned, processIsAlive, thisProcess, type OwnedRunRow, type RunOwner } from './run-ownership';
import { StepColumnParts, type StepColumns } from '@shared/training/step-columns';
import { insertSteps, lastStoredStep, readSteps } from './step-chunks';
import { byReportOrder, insertReports, readReports } from './report-chunks';
import { datasetIdentity, finite, nextRunSeq, previousValues, restoredSettings, sha256, storedBackend, storedSettings, type RunsRow } from './run-rows';

export interface SqliteRunStoreOptions {
  /** Default 1000 ms: the most a crash can lose. */
  flushIntervalMs?: number;
  now?: () => Date;
  /** Told about flushes that failed for reasons other than a full disk (they are retried). */
  log?: (line: string) => void;
  /** A live run whose heartbeat is older than this is taken as abandoned at open (default 10 s). */
  staleAfterMs?: number;
  /** Who this store records as the owner of its live runs (default: this host and pid). */
  owner?: RunOwner;
}

/** What one flush committed: per run, the epochs whose end-of-epoch report is now on disk, and its last step. */
export interface FlushReport {
  runs: { runId: string; epochs: number[]; lastStep: number | null }[];
}

/** A run this store has seen since it opened: its latest summary and what is not on disk yet. */
interface LiveRun {
  summary: RunSummary;
  inDatabase: boolean;
  summaryDirty: boolean;
  design: { name: string; doc: string } | null;
  /** The steps not on disk yet (from one past the last stored). */
  steps: StepColumnParts;
  reports: TrainingProgress[];
  interventions: { applied: AppliedAdjustment; previous: Record<string, unknown> }[];
  /** Every change so far (for each new one's previous values). */
  applied: AppliedAdjustment[];
  visuals: RunVisuals | null;
  /** The trained model and checkpoints not yet written (they go with the next flush, in its transaction). */
  model: unknown;
  checkpoints: { epoch: number; step: number; doc: unknown }[];
  startedAt: string | null;
  endedAt: string | null;
  /** Set after a full disk: nothing more of this run is written, it stays readable from memory. */
  frozen: boolean;
}

export const diskFullMessage = 'disk full: the experiment database could not be written (SQLITE_FULL); free some space. What was recorded before is kept.';

export class SqliteRunStore implements RunStore {
  private readonly live = new Map<string, LiveRun>();
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly failedListeners: RunsFailedListener[] = [];
  private readonly flushListeners: ((report: FlushReport) => void)[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly now: () => Date;
  private nextSeq: number;
  private closed = false;
  private flushScheduled = false;
  private readonly owner: RunOwner;
  /** How many runs the last open found unfinished and marked interrupted. */
  readonly interruptedAtOpen: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteRunStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.owner = options.owner ?? thisProcess();
    this.interruptedAtOpen = this.markAbandonedRunsInterrupted(options.staleAfterMs ?? defaultStaleAfterMs);
    this.nextSeq = nextRunSeq(db);
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  newRunId(): string {
    return `run-${this.nextSeq++}`;
  }

  saveSummary(summary: RunSummary): void {
    const run = this.live.get(summary.runId) ?? this.adopt(summary);
    const at = this.now().toISOString();
    if (run.startedAt === null && summary.state !== 'queued') run.startedAt = at;
    const ended = endedRunStates.includes(summary.state);
    if (ended && run.endedAt === null) run.endedAt = at;
    run.summary = summary;
    run.summaryDirty = true;
    // A run that ends is on disk straight after the state that ends it has gone out (with everything before it):
    // the window hears the result first, the write follows in the next turn of the event loop.
    if (ended && !run.frozen) this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  saveDesign(runId: string, name: string, design: unknown): void {
    this.mustGet(runId).design = { name, doc: JSON.stringify(design) };
  }

  appendSteps(runId: string, steps: StepColumns): void {
    this.mustGet(runId).steps.append(steps, `run store: ${runId}`);
  }

  appendReports(runId: string, reports: readonly TrainingProgress[]): void {
    this.mustGet(runId).reports.push(...reports);
  }

  appendInterventions(runId: string, interventions: readonly AppliedAdjustment[]): void {
    const run = this.mustGet(runId);
    for (const applied of interventions) {
      run.interventions.push({ applied, previous: previousValues(run.summary.settings, run.applied, applied.changes) });
      run.applied.push(applied);
    }
  }

  saveVisuals(runId: string, visuals: RunVisuals): void {
    this.mustGet(runId).visuals = visuals;
  }

  onRunsFailed(listener: RunsFailedListener): void {
    this.failedListeners.push(listener);
  }

  /** Called after each committed flush (the crash test prints what is on disk). */
  onFlushed(listener: (report: FlushReport) => void): void {
    this.flushListeners.push(listener);
  }

  list(): RunSummary[] {
    const rows = this.db.prepare('SELECT * FROM runs WHERE deleted_at IS NULL ORDER BY seq DESC').all() as RunsRow[];
    const interventions = groupBy(this.db.prepare('SELECT run_id, step, changes FROM interventions ORDER BY run_id, seq').all() as InterventionRow[], (row) => row.run_id);
    const texts = this.datasetTexts(rows);
    const fromDatabase = rows.map((row) => this.live.get(row.id)?.summary ?? summaryFromRow(row, interventions.get(row.id) ?? [], texts.get(row.dataset_fingerprint) ?? null));
    const notYetWritten = [...this.live.values()].filter((run) => !run.inDatabase).map((run) => run.summary);
    return [...notYetWritten.reverse(), ...fromDatabase];
  }

  summary(runId: string): RunSummary | null {
    const live = this.live.get(runId);
    if (live) return live.summary;
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ? AND deleted_at IS NULL').get(runId) as RunsRow | undefined;
    if (!row) return null;
    const interventions = this.db.prepare('SELECT run_id, step, changes FROM interventions WHERE run_id = ? ORDER BY seq').all(runId) as InterventionRow[];
    return summaryFromRow(row, interventions, this.datasetTexts([row]).get(row.dataset_fingerprint) ?? null);
  }

  get(runId: string, fromStep = 1, limit = maxHistoryPage): RunHistory | null {
    const run = this.summary(runId);
    if (!run) return null;
    const live = this.live.get(runId);
    // One more than a page, from disk then the buffer (whose steps all follow the flushed ones), says whether there is more.
    const steps = readSteps(this.db, runId, fromStep, limit + 1);
    if (live && steps.length <= limit) steps.push(...live.steps.points(fromStep, limit + 1 - steps.length));
    const more = steps.length > limit;
    if (more) steps.length = limit;
    const lastStep = more ? steps.at(-1)!.step : Number.MAX_SAFE_INTEGER;
    const reports = readReports(this.db, runId, fromStep, lastStep);
    if (live) reports.push(...live.reports.filter((report) => report.step >= fromStep && report.step <= lastStep));
    reports.sort(byReportOrder);
    const visualsJson = live?.visuals ? null : (this.db.prepare('SELECT visuals FROM runs WHERE id = ?').pluck().get(runId) as string | null | undefined);
    const visuals = live?.visuals ?? (visualsJson ? (JSON.parse(visualsJson) as RunVisuals) : null);
    return { run, steps, reports, visuals, nextStep: more ? lastStep + 1 : null };
  }

  /** The interventions of a run with the values they replaced (where the settings say). */
  interventions(runId: string): { step: number; changes: AppliedAdjustment['changes']; previous: Record<string, unknown> }[] {
    this.flushRun(runId);
    return (this.db.prepare('SELECT step, changes, previous FROM interventions WHERE run_id = ? ORDER BY seq').all(runId) as { step: number; changes: string; previous: string }[]).map((row) => ({
      step: row.step,
      changes: JSON.parse(row.changes) as AppliedAdjustment['changes'],
      previous: JSON.parse(row.previous) as Record<string, unknown>,
    }));
  }

  /** The design snapshot a run trained (null when none was recorded). */
  design(runId: string): { name: string; version: number; doc: unknown } | null {
    this.flushRun(runId);
    const row = this.db
      .prepare('SELECT d.name, v.version, r.design FROM runs r LEFT JOIN design_versions v ON v.id = r.design_version_id LEFT JOIN designs d ON d.id = v.design_id WHERE r.id = ?')
      .get(runId) as { name: string | null; version: number | null; design: string | null } | undefined;
    if (!row?.design || row.name === null || row.version === null) return null;
    return { name: row.name, version: row.version, doc: JSON.parse(row.design) };
  }

  /** Dataset facts kept for comparing runs: the description (no CSV text) and the fingerprint of the rows. */
  dataset(runId: string): { description: unknown; fingerprint: string } | null {
    this.flushRun(runId);
    const row = this.db.prepare('SELECT dataset_description, dataset_fingerprint FROM runs WHERE id = ?').get(runId) as { dataset_description: string; dataset_fingerprint: string } | undefined;
    return row ? { description: JSON.parse(row.dataset_description), fingerprint: row.dataset_fingerprint } : null;
  }

  /** Start, end and duration (null until known; an interrupted run's end is unknown). */
  timing(runId: string): { startedAt: string | null; endedAt: string | null; durationMs: number | null } | null {
    this.flushRun(runId);
    const row = this.db.prepare('SELECT started_at AS startedAt, ended_at AS endedAt, duration_ms AS durationMs FROM runs WHERE id = ?').get(runId) as { startedAt: string | null; endedAt: string | null; durationMs: number | null } | undefined;
    return row ?? null;
  }

  setNotes(runId: string, notes: string): void {
    this.flushRun(runId);
    this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, runId);
  }

  notes(runId: string): string | null {
    this.flushRun(runId);
    return (this.db.prepare('SELECT notes FROM runs WHERE id = ?').pluck().get(runId) as string | undefined) ?? null;
  }

  setTags(runId: string, tags: readonly string[]): void {
    this.flushRun(runId);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(runId);
      const insert = this.db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
      for (const tag of tags) insert.run(runId, tag);
    })();
  }

  tags(runId: string): string[] {
    return this.db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').pluck().all(runId) as string[];
  }

  /** The trained model (the engine's model document, with its normalization). */
  saveModel(runId: string, doc: unknown): void {
    const run = this.live.get(runId);
    // A training run's model goes with its next flush (no write of its own on the way to the final state).
    if (run && !run.frozen) {
      run.model = doc;
      return;
    }
    this.db.prepare('INSERT OR REPLACE INTO models (run_id, doc, created_at) VALUES (?, ?, ?)').run(runId, JSON.stringify(doc), this.now().toISOString());
  }

  model(runId: string): unknown {
    this.flushPending(runId);
    const doc = this.db.prepare('SELECT doc FROM models WHERE run_id = ?').pluck().get(runId) as string | undefined;
    return doc === undefined ? null : JSON.parse(doc);
  }

  saveCheckpoint(runId: string, epoch: number, step: number, doc: unknown): void {
    const run = this.live.get(runId);
    if (run && !run.frozen) {
      run.checkpoints.push({ epoch, step, doc });
      return;
    }
    this.db.prepare('INSERT OR REPLACE INTO checkpoints (run_id, epoch, step, doc, created_at) VALUES (?, ?, ?, ?, ?)').run(runId, epoch, step, JSON.stringify(doc), this.now().toISOString());
  }

  /** The run's checkpoints, oldest first. */
  checkpoints(runId: string): { epoch: number; step: number; doc: unknown }[] {
    this.flushPending(runId);
    return (this.db.prepare('SELECT epoch, step, doc FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; step: number; doc: string }[]).map((row) => ({ ...row, doc: JSON.parse(row.doc) }));
  }

  /** Records a gradient check (of a run's design, or of a design alone: runId null); returns its id. */
  saveGradcheck(check: { runId: string | null; design: unknown; settings: unknown; result: GradientCheckResult }): number {
    if (check.runId) this.flushRun(check.runId);
    return Number(
      this.db
        .prepare('INSERT INTO gradchecks (run_id, design, settings, relative_difference, verdict, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(check.runId, JSON.stringify(check.design), JSON.stringify(check.settings), finite(check.result.relativeDifference), check.result.verdict, JSON.stringify(check.result), this.now().toISOString()).lastInsertRowid,
    );
  }

  gradchecks(runId: string | null = null): { id: number; runId: string | null; createdAt: string; result: GradientCheckResult }[] {
    const rows = (runId === null ? this.db.prepare('SELECT * FROM gradchecks ORDER BY id').all() : this.db.prepare('SELECT * FROM gradchecks WHERE run_id = ? ORDER BY id').all(runId)) as { id: number; run_id: string | null; created_at: string; result: string }[];
    return rows.map((row) => ({ id: row.id, runId: row.run_id, createdAt: row.created_at, result: JSON.parse(row.result) as GradientCheckResult }));
  }

  /**
   * Writes everything buffered in one transaction. Returns false when nothing could be written
   * (the buffers are kept and tried again, except after a full disk).
   */
  flush(): boolean {
    if (this.closed) return false;
    const pending = [...this.live.values()].filter((run) => !run.frozen && (run.summaryDirty || run.steps.count > 0 || run.reports.length > 0 || run.interventions.length > 0 || run.design !== null || run.visuals !== null || run.model !== null || run.checkpoints.length > 0));
    // Every run still training gets a fresh heartbeat, even with nothing new (a paused run).
    const beating = [...this.live.values()].filter((run) => !run.frozen && !endedRunStates.includes(run.summary.state) && (run.inDatabase || pending.includes(run)));
    if (pending.length === 0 && beating.length === 0) return true;
    try {
      this.db.transaction(() => {
        for (const run of pending) this.write(run);
        const heartbeat = this.sql('UPDATE runs SET owner_host = ?, owner_pid = ?, heartbeat_at = ? WHERE id = ?');
        const at = this.now().toISOString();
        for (const run of beating) heartbeat.run(this.owner.host, this.owner.pid, at, run.summary.runId);
      }).immediate();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_FULL') this.diskFull(pending);
      else this.options.log?.(`could not save experiments to the database (will retry): ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    const report: FlushReport = { runs: [] };
    for (const run of pending) {
      report.runs.push({ runId: run.summary.runId, epochs: run.reports.filter((r) => r.kind === 'epoch').map((r) => r.epoch), lastStep: run.steps.count > 0 ? run.steps.nextStep - 1 : null });
      run.inDatabase = true;
      run.summaryDirty = false;
      run.design = null;
      run.steps.clear();
      run.reports = [];
      run.interventions = [];
      run.visuals = null;
      run.model = null;
      run.checkpoints = [];
      // An ended run is read from the database from now on.
      if (endedRunStates.includes(run.summary.state)) this.live.delete(run.summary.runId);
    }
    for (const listener of this.flushListeners) listener(report);
    return true;
  }

  /** Flushes and closes the database; the store cannot be used after. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flush();
    // Runs left unended are no longer recorded by anyone: the next open marks them interrupted.
    try {
      const release = this.sql('UPDATE runs SET heartbeat_at = NULL WHERE id = ?');
      for (const run of this.live.values()) if (run.inDatabase && !endedRunStates.includes(run.summary.state)) release.run(run.summary.runId);
    } catch {
      // A full disk: without the release the heartbeat goes stale within seconds anyway.
    }
    this.closed = true;
    this.db.close();
  }

  private write(run: LiveRun): void {
    const { summary } = run;
    const runId = summary.runId;
    if (!run.inDatabase || run.summaryDirty) this.writeRun(run);
    if (run.design) {
      const designId = this.designId(run.design.name);
      const versionId = this.designVersionId(designId, run.design.doc);
      this.sql('UPDATE runs SET design = ?, design_version_id = ? WHERE id = ?').run(run.design.doc, versionId, runId);
    }
    insertSteps(this.db, runId, run.steps.joined());
    insertReports(this.db, runId, run.reports);
    if (run.interventions.length > 0) {
      const next = (this.sql('SELECT coalesce(max(seq), 0) FROM interventions WHERE run_id = ?').pluck().get(runId) as number) + 1;
      const insert = this.sql('INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES (?, ?, ?, ?, ?)');
      run.interventions.forEach(({ applied, previous }, i) => insert.run(runId, next + i, applied.step, JSON.stringify(applied.changes), JSON.stringify(previous)));
    }
    if (run.visuals) this.sql('UPDATE runs SET visuals = ? WHERE id = ?').run(JSON.stringify(run.visuals), runId);
    const at = this.now().toISOString();
    if (run.checkpoints.length > 0) {
      const insert = this.sql('INSERT OR REPLACE INTO checkpoints (run_id, epoch, step, doc, created_at) VALUES (?, ?, ?, ?, ?)');
      for (const checkpoint of run.checkpoints) insert.run(runId, checkpoint.epoch, checkpoint.step, JSON.stringify(checkpoint.doc), at);
    }
    if (run.model !== null) this.sql('INSERT OR REPLACE INTO models (run_id, doc, created_at) VALUES (?, ?, ?)').run(runId, JSON.stringify(run.model), at);
  }

  /** A prepared statement, prepared once per text (the write path runs several times a second). */
  private sql(text: string): SqliteStatement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private writeRun(run: LiveRun): void {
    const { summary } = run;
    const identity = datasetIdentity(summary.settings);
    if (identity.text !== null) this.sql('INSERT OR IGNORE INTO dataset_texts (fingerprint, text) VALUES (?, ?)').run(identity.fingerprint, identity.text);
    const durationMs = run.startedAt && run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : null;
    // A diverged run keeps its last finite metrics (the result's lastFinite) rather than nulls.
    const lastFinite = summary.state === 'diverged' ? summary.result?.lastFinite : null;
    const train = lastFinite?.train ?? summary.train;
    const dev = lastFinite ? lastFinite.dev : summary.dev;
    this
      .sql(
        `INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, started_at, ended_at, duration_ms,
           parameters, epochs, total_steps, epoch, step, train_loss, train_accuracy, dev_loss, dev_accuracy, test_loss, test_accuracy, result, diagnosis, warnings, error, continued_from, branched_epoch, branched_step, backend)
         VALUES (@id, @seq, @label, @settings, @data_seed, @model_seed, @optimizer, @dataset, @dataset_description, @dataset_fingerprint, @status, @created_at, @started_at, @ended_at, @duration_ms,
           @parameters, @epochs, @total_steps, @epoch, @step, @train_loss, @train_accuracy, @dev_loss, @dev_accuracy, @test_loss, @test_accuracy, @result, @diagnosis, @warnings, @error, @continued_from, @branched_epoch, @branched_step, @backend)
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms,
           epoch = excluded.epoch, step = excluded.step, train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy, dev_loss = excluded.dev_loss, dev_accuracy = excluded.dev_accuracy,
           test_loss = excluded.test_loss, test_accuracy = excluded.test_accuracy, result = excluded.result, diagnosis = excluded.diagnosis, warnings = excluded.warnings, error = excluded.error,
           backend = excluded.backend`,
      )
      .run({
        id: summary.runId,
        seq: seqOf(summary.runId) ?? this.nextSeq++,
        label: summary.label,
        settings: storedSettings(summary.settings),
        data_seed: summary.settings.seeds.data,
        model_seed: summary.settings.seeds.model,
        optimizer: summary.settings.settings.optimizer.kind,
        dataset: summary.dataset,
        dataset_description: identity.description,
        dataset_fingerprint: identity.fingerprint,
        status: summary.state,
        created_at: summary.createdAt,
        started_at: run.startedAt,
        ended_at: run.endedAt,
        duration_ms: finite(durationMs),
        parameters: summary.parameters,
        epochs: summary.epochs,
        total_steps: summary.totalSteps,
        epoch: summary.epoch,
        step: summary.step,
        train_loss: finite(train?.loss),
        train_accuracy: finite(train?.accuracy),
        dev_loss: finite(dev?.loss),
        dev_accuracy: finite(dev?.accuracy),
        test_loss: finite(summary.test?.loss),
        test_accuracy: finite(summary.test?.accuracy),
        result: summary.result ? JSON.stringify(summary.result) : null,
        diagnosis: summary.result?.diagnosis ? JSON.stringify(summary.result.diagnosis) : null,
        warnings: JSON.stringify(summary.warnings),
        error: summary.error,
        // The link is set when the run is first written and never changes (history:continue).
        continued_from: summary.continuedFrom ?? null,
        branched_epoch: summary.branchedAt?.epoch ?? null,
        branched_step: summary.branchedAt?.step ?? null,
        backend: summary.backend ?? null,
      });
  }

  /** Marks interrupted the unfinished runs no live process records (see run-ownership.ts); returns how many. */
  private markAbandonedRunsInterrupted(staleAfterMs: number): number {
    const candidates = this.db.prepare("SELECT id, owner_host, owner_pid, heartbeat_at FROM runs WHERE status IN ('queued', 'running', 'paused')").all() as OwnedRunRow[];
    const check = { now: this.now(), staleAfterMs, self: this.owner, isAlive: processIsAlive };
    const abandoned = candidates.filter((row) => isAbandoned(row, check));
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', heartbeat_at = NULL, error = COALESCE(error, 'Deepwire stopped (it was closed or crashed) while this run was ' || status || '; what it had recorded is kept.')
       WHERE id = ? AND status IN ('queued', 'running', 'paused')`,
    );
    return this.db.transaction(() => abandoned.reduce((marked, row) => marked + mark.run(row.id).changes, 0))();
  }

  private designId(name: string): number {
    this.db.prepare('INSERT OR IGNORE INTO designs (name, created_at) VALUES (?, ?)').run(name, this.now().toISOString());
    return this.db.prepare('SELECT id FROM designs WHERE name = ?').pluck().get(name) as number;
  }

  /** The version of the design with this document: an existing one when the content is the same. */
  private designVersionId(designId: number, doc: string): number {
    const hash = sha256(doc);
    const existing = this.db.prepare('SELECT id FROM design_versions WHERE design_id = ? AND hash = ?').pluck().get(designId, hash) as number | undefined;
    if (existing !== undefined) return existing;
    const version = (this.db.prepare('SELECT coalesce(max(version), 0) + 1 FROM design_versions WHERE design_id = ?').pluck().get(designId) as number);
    return Number(this.db.prepare('INSERT INTO design_versions (design_id, version, hash, doc, created_at) VALUES (?, ?, ?, ?, ?)').run(designId, version, hash, doc, this.now().toISOString()).lastInsertRowid);
  }

  /** After SQLITE_FULL: the flush was rolled back; its runs end failed and stay readable from memory. */
  private diskFull(runs: LiveRun[]): void {
    const runIds: string[] = [];
    for (const run of runs) {
      run.frozen = true;
      if (!endedRunStates.includes(run.summary.state)) runIds.push(run.summary.runId);
      run.summary = { ...run.summary, state: endedRunStates.includes(run.summary.state) ? run.summary.state : 'failed', error: diskFullMessage };
      // The status alone may still fit (it changes a row in place); if not, reopening marks it interrupted.
      if (run.inDatabase) {
        try {
          this.db.prepare('UPDATE runs SET status = ?, error = ? WHERE id = ?').run(run.summary.state, diskFullMessage, run.summary.runId);
        } catch {
          // Still full: the run stays failed in memory.
        }
      }
    }
    this.options.log?.(diskFullMessage);
    if (runIds.length > 0) for (const listener of this.failedListeners) listener(runIds, diskFullMessage);
  }

  /** Writes what is buffered when this run has anything waiting (before reading it back). */
  private flushPending(runId: string): void {
    const run = this.live.get(runId);
    if (run && (!run.inDatabase || run.model !== null || run.checkpoints.length > 0)) this.flush();
  }

  /** Writes one run's buffer now (before a direct write that refers to its row). */
  private flushRun(runId: string): void {
    if (this.live.get(runId)?.inDatabase === false) this.flush();
  }

  private adopt(summary: RunSummary): LiveRun {
    const inDatabase = this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(summary.runId) !== undefined;
    const seq = seqOf(summary.runId);
    if (seq !== null) this.nextSeq = Math.max(this.nextSeq, seq + 1);
    const run: LiveRun = { summary, inDatabase, summaryDirty: true, design: null, steps: new StepColumnParts((inDatabase ? lastStoredStep(this.db, summary.runId) : 0) + 1), reports: [], interventions: [], applied: [...summary.interventions], visuals: null, model: null, checkpoints: [], startedAt: null, endedAt: null, frozen: false };
    this.live.set(summary.runId, run);
    return run;
  }

  private mustGet(runId: string): LiveRun {
    const run = this.live.get(runId);
    if (!run) throw new Error(`run store: no run ${runId} is being recorded`);
    return run;
  }

  private datasetTexts(rows: readonly RunsRow[]): Map<string, string> {
    const wanted = rows.filter((row) => (JSON.parse(row.dataset_description) as { kind: string }).kind === 'csv-text').map((row) => row.dataset_fingerprint);
    const texts = new Map<string, string>();
    const select = this.db.prepare('SELECT text FROM dataset_texts WHERE fingerprint = ?').pluck();
    for (const fingerprint of new Set(wanted)) {
      const text = select.get(fingerprint) as string | undefined;
      if (text !== undefined) texts.set(fingerprint, text);
    }
    return texts;
  }
}

interface InterventionRow {
  run_id: string;
  step: number;
  changes: string;
}

/** A run read back, checked against the contract (a damaged or hand-edited row is named, not passed on). */
function summaryFromRow(row: RunsRow, interventions: readonly InterventionRow[], csvText: string | null): RunSummary {
  const result = row.result ? (JSON.parse(row.result) as RunSummary['result']) : null;
  const hasMetrics = row.train_loss !== null || row.train_accuracy !== null;
  const backend = storedBackend(row.backend);
  const parsed = RunSummary.safeParse({
    runId: row.id,
    label: row.label,
    state: row.status,
    createdAt: row.created_at,
    dataset: row.dataset,
    settings: restoredSettings(row.settings, csvText),
    parameters: row.parameters,
    epoch: row.epoch,
    epochs: row.epochs,
    step: row.step,
    totalSteps: row.total_steps,
    stepsPerSecond: null,
    train: hasMetrics ? { loss: row.train_loss, accuracy: row.train_accuracy } : null,
    dev: row.dev_loss !== null || row.dev_accuracy !== null ? { loss: row.dev_loss, accuracy: row.dev_accuracy } : null,
    result,
    test: row.test_loss !== null || row.test_accuracy !== null ? { loss: row.test_loss, accuracy: row.test_accuracy } : null,
    error: row.error,
    warnings: JSON.parse(row.warnings),
    interventions: interventions.map((intervention) => ({ step: intervention.step, changes: JSON.parse(intervention.changes) })),
    // Only a continuation or a branch carries its link (a fresh run's summary has none, as it was saved).
    ...(row.continued_from !== null && { continuedFrom: row.continued_from }),
    ...(row.branched_epoch !== null && row.branched_step !== null && { branchedAt: { epoch: row.branched_epoch, step: row.branched_step } }),
    ...(backend !== null && { backend }),
  });
  if (!parsed.success) throw new Error(`The experiment database's run ${row.id} does not read back as a run: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

function seqOf(runId: string): number | null {
  const match = /^run-(\d+)$/.exec(runId);
  return match ? Number(match[1]) : null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

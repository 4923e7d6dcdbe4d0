/**
 * A history host in memory for the History view's state tests: the history:* commands over an
 * array of runs (filtered, sorted and paged like the service), training:get for a run's steps, and
 * events the test pushes. Behind the real client, so every answer is validated by the contract.
 * The rows are made by arithmetic from their index: the same every time.
 */
import {
  createClient,
  type CommandName,
  type EventName,
  type HistoryRow,
  type HistoryRunDetail,
  type RunSettings,
  type RunSummary,
  type StepPoint,
  type Transport,
} from '@shared/api';

export const fakeSettings: RunSettings = {
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  normalize: 'zscore',
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, schedule: { kind: 'constant' }, learningRate: 0.01, l2: 0, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
  backend: 'auto',
};

const datasets = ['moons', 'circles', 'spiral'];
const optimizers = ['adam', 'momentum', 'gd'];

/** Run n (from 1): created a minute after run n−1, every seventh failed, every fifth tagged "good". */
export function fakeRow(n: number): HistoryRow {
  const failed = n % 7 === 0;
  return {
    runId: `run-${n}`,
    label: `Net ${n} on ${datasets[n % 3]}`,
    status: failed ? 'failed' : 'completed',
    dataset: datasets[n % 3]!,
    optimizer: optimizers[n % 3]!,
    createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    epochs: failed ? 0 : 10,
    plannedEpochs: 10,
    train: failed ? null : { loss: 1 / n, accuracy: 0.5 + (n % 50) / 100 },
    dev: failed ? null : { loss: 1.5 / n, accuracy: 0.45 + (n % 50) / 100 },
    durationMs: failed ? null : 1000 * n,
    tags: n % 5 === 0 ? ['good'] : [],
    continuedFrom: null,
  };
}

function detailOf(row: HistoryRow, notes: string, continuations: string[]): HistoryRunDetail {
  // Each run's curves differ a little (by its number), so overlaid runs can be told apart.
  const n = Number(row.runId.slice(4));
  const scale = 1 + (n % 5) / 5;
  const metrics = Array.from({ length: row.epochs }, (_, i) => ({
    epoch: i + 1,
    step: (i + 1) * 7,
    loss: scale / (i + 1),
    smoothedLoss: scale / (i + 1),
    learningRate: 0.01,
    trainLoss: scale / (i + 1),
    trainAccuracy: Math.min(1, 0.5 + i / (30 + 10 * scale)),
    devLoss: (1.2 * scale) / (i + 1),
    devAccuracy: Math.min(1, 0.45 + i / (30 + 10 * scale)),
  }));
  return {
    row,
    settings: fakeSettings,
    design: { name: 'Course net', version: 2 },
    parameters: 91,
    startedAt: row.createdAt,
    endedAt: row.createdAt,
    backend: row.status === 'failed' ? null : 'native',
    test: row.train,
    diagnosis: null,
    error: row.status === 'failed' ? 'The worker stopped: out of memory.' : null,
    notes,
    continuations,
    interventions: [{ step: 14, changes: { learningRate: 0.005 }, previous: { learningRate: 0.01 } }],
    metrics,
    hasModel: row.status !== 'failed',
    checkpoints: [],
    dataFingerprint: 'sha256:abc',
  };
}

function compareValue(row: HistoryRow, key: string): string | number {
  switch (key) {
    case 'trainLoss':
      return row.train?.loss ?? -Infinity;
    case 'devLoss':
      return row.dev?.loss ?? -Infinity;
    case 'trainAccuracy':
      return row.train?.accuracy ?? -Infinity;
    case 'devAccuracy':
      return row.dev?.accuracy ?? -Infinity;
    case 'durationMs':
      return row.durationMs ?? -Infinity;
    default:
      return row[key as keyof HistoryRow] as string | number;
  }
}

export function fakeHistoryHost(count: number) {
  const rows: HistoryRow[] = Array.from({ length: count }, (_, i) => fakeRow(i + 1));
  const notes = new Map<string, string>();
  const hidden = new Set<string>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: Record<string, unknown> }[] = [];
  const replies: Partial<Record<CommandName, (request: Record<string, unknown>) => unknown>> = {};
  let now = Date.UTC(2025, 5, 1);
  const ok = (value: unknown) => ({ ok: true, value });
  const refuse = (code: string, message: string) => ({ ok: false, error: { code, message } });
  const find = (runId: unknown) => rows.find((r) => r.runId === runId && !hidden.has(r.runId));
  const continuationsOf = (runId: string) => rows.filter((r) => r.continuedFrom === runId).map((r) => r.runId);
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    const custom = replies[channel];
    if (custom) return custom(request);
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only history:* and training:get are faked; the rest are refused
    switch (channel) {
      case 'history:list': {
        const text = String(request.text ?? '').toLowerCase();
        const matching = rows.filter(
          (r) =>
            !hidden.has(r.runId) &&
            (!request.status || r.status === request.status) &&
            (!request.dataset || r.dataset === request.dataset) &&
            (!request.optimizer || r.optimizer === request.optimizer) &&
            (!request.tag || r.tags.includes(String(request.tag))) &&
            (!text || `${r.runId} ${r.label}`.toLowerCase().includes(text)),
        );
        const sort = request.sort as { key: string; direction: 'asc' | 'desc' };
        const sign = sort.direction === 'asc' ? 1 : -1;
        matching.sort((a, b) => {
          const x = compareValue(a, sort.key);
          const y = compareValue(b, sort.key);
          return (x < y ? -1 : x > y ? 1 : 0) * sign;
        });
        const offset = Number(request.offset);
        return ok({ runs: matching.slice(offset, offset + Number(request.limit)), total: matching.length });
      }
      case 'history:facets':
        return ok({ datasets: [...datasets].sort(), optimizers: [...optimizers].sort(), tags: ['good'] });
      case 'history:get': {
        const row = find(request.runId);
        if (!row) return refuse('not_found', `There is no run ${String(request.runId)} in history.`);
        return ok(detailOf(row, notes.get(row.runId) ?? '', continuationsOf(row.runId)));
      }
      case 'history:update': {
        const row = find(request.runId);
        if (!row) return refuse('not_found', `There is no run ${String(request.runId)} in history.`);
        if (typeof request.notes === 'string') notes.set(row.runId, request.notes);
        if (Array.isArray(request.tags)) row.tags = request.tags as string[];
        emit('history:changed', { runIds: [row.runId] });
        return ok(detailOf(row, notes.get(row.runId) ?? '', continuationsOf(row.runId)));
      }
      case 'history:compare': {
        const ids = request.runIds as string[];
        const found = ids.map(find);
        if (found.some((r) => !r)) return refuse('not_found', 'A run to compare is not in history.');
        return ok({
          runs: found.map((r) => {
            const detail = detailOf(r!, '', []);
            return { runId: r!.runId, label: r!.label, status: r!.status, final: { train: r!.train, dev: r!.dev }, metrics: detail.metrics };
          }),
          differences: [{ setting: 'optimizer', values: found.map((r) => r!.optimizer) }],
        });
      }
      case 'history:delete': {
        const ids = request.runIds as string[];
        const live = ids.map(find).find((r) => r && (r.status === 'running' || r.status === 'queued' || r.status === 'paused'));
        if (live) return refuse('conflict', `${live.runId} is still ${live.status}: stop it before deleting it.`);
        for (const id of ids) hidden.add(id);
        emit('history:changed', { runIds: ids });
        return ok({ deleted: ids, undoUntil: new Date(now + 5000).toISOString() });
      }
      case 'history:undoDelete': {
        const ids = (request.runIds as string[]).filter((id) => hidden.delete(id));
        emit('history:changed', { runIds: ids });
        return ok({ restored: ids });
      }
      case 'history:export':
        return ok({ fileName: 'deepwire-runs.json', json: JSON.stringify({ format: 'deepwire-runs', runs: request.runIds }) });
      case 'history:import': {
        const text = String(request.json);
        if (!text.startsWith('{')) return refuse('invalid', 'The file is not a deepwire-runs export: it is not JSON.');
        return ok({ imported: ['run-90001'], skipped: [{ runId: 'run-1', reason: 'already in history' }] });
      }
      case 'history:metricsCsv':
        return ok({ fileName: `${String(request.runId)}-metrics.csv`, csv: 'epoch,loss\n1,0.5\n' });
      case 'history:restore':
        return ok({ name: 'Course net', design: { format: 'deepwire-design', version: 1 }, settings: fakeSettings });
      case 'history:continue': {
        const from = find(request.runId);
        if (!from) return refuse('not_found', `There is no run ${String(request.runId)} in history.`);
        const row: HistoryRow = { ...fakeRow(rows.length + 1), status: 'queued', continuedFrom: from.runId };
        rows.push(row);
        return ok(summaryOf(row));
      }
      case 'training:get': {
        const row = find(request.runId);
        if (!row) return refuse('not_found', `There is no run ${String(request.runId)}.`);
        const from = Number(request.fromStep ?? 1);
        const last = row.epochs * 7;
        const steps: StepPoint[] = [];
        for (let step = from; step <= Math.min(last, from + host.stepPageSize - 1); step++) steps.push({ step, epoch: Math.ceil(step / 7), loss: 1 / step, learningRate: 0.01 });
        const nextStep = from + host.stepPageSize <= last ? from + host.stepPageSize : null;
        return ok({ run: summaryOf(row), steps, reports: [], visuals: null, nextStep });
      }
      default:
        return refuse('unavailable', `${channel} is not offered here`);
    }
  };

  const transport: Transport = {
    kind: 'web',
    async invoke(channel, request) {
      calls.push({ channel, request: request as Record<string, unknown> });
      return answer(channel, request as Record<string, unknown>);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const host = {
    client: createClient(transport),
    rows,
    hidden,
    calls,
    replies,
    emit,
    /** Steps in one training:get answer. */
    stepPageSize: 1000,
    advance(ms: number) {
      now += ms;
    },
    /** The history:list requests made, as [offset, limit] pairs. */
    listed: () => calls.filter((c) => c.channel === 'history:list').map((c) => c.request),
  };
  return host;
}

export function summaryOf(row: HistoryRow): RunSummary {
  return {
    runId: row.runId,
    label: row.label,
    state: row.status,
    createdAt: row.createdAt,
    dataset: row.dataset,
    settings: fakeSettings,
    parameters: 91,
    epoch: row.epochs,
    epochs: row.plannedEpochs,
    step: row.epochs * 7,
    totalSteps: row.plannedEpochs * 7,
    stepsPerSecond: null,
    train: row.train,
    dev: row.dev,
    result: null,
    test: null,
    error: null,
    warnings: [],
    interventions: [{ step: 14, changes: { learningRate: 0.005 } }],
    continuedFrom: row.continuedFrom,
  };
}

/** A manual clock for debounces and undo deadlines: timers run when the test advances time. */
export function manualSchedule() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    schedule(run: () => void, ms: number) {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
      timers = timers.filter((t) => t.at > now);
      for (const timer of due) timer.run();
    },
    get pending() {
      return timers.length;
    },
  };
}

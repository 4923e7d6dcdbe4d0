/**
 * A search host in memory for the Search view's state tests (and its screenshots): the search:*
 * commands over searches it simulates, history:restore for "Open winner", training:get for a
 * trial's curve, and the events a real search sends (search:progress, training:progress) when the
 * test calls `tick()`. Behind the real client, so every answer is validated by the contract.
 * Trials' values and metrics come from arithmetic on their index (no sampler): the same every time.
 */
import {
  createClient,
  type CommandName,
  type EventName,
  type ParamScale,
  type ParamValue,
  type QueueStatus,
  type QueueWorker,
  type RunOn,
  type RunSettings,
  type SearchDetail,
  type SearchPlan,
  type SearchSpace,
  type SearchSummary,
  type StepPoint,
  type Transport,
  type Trial,
  type TrialParams,
  redactQueueUrl,
} from '@shared/api';

export const fakeSearchSettings: RunSettings = {
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  normalize: 'zscore',
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, schedule: { kind: 'constant' }, learningRate: 0.01, l2: 0, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
  backend: 'auto',
};

export const fakeDesign = { format: 'deepwire-design', version: 1, name: 'Course net' };

const stepsPerEpoch = 7;

/** A spread of fractions in [0, 1) that fills the interval evenly: multiples of an irrational number, a different one per salt (so hyperparameters do not move together). */
const irrationals = [0.6180339887, 0.4142135624, 0.7320508076, 0.2360679775, 0.6457513111, 0.3166247904, 0.6055512755, 0.1231056256];
const spread = (index: number, salt: number) => ((index + 1) * irrationals[salt % irrationals.length]! + 0.5 * Math.floor(salt / irrationals.length)) % 1;

/** Trial `index`'s value on `scale`: somewhere inside it, by arithmetic. */
export function fakeValue(scale: ParamScale, index: number, salt: number): ParamValue {
  const t = spread(index, salt);
  switch (scale.kind) {
    case 'log':
      return 10 ** (Math.log10(scale.min) + t * (Math.log10(scale.max) - Math.log10(scale.min)));
    case 'log1m': {
      const lo = Math.log10(1 - scale.max);
      const hi = Math.log10(1 - scale.min);
      return 1 - 10 ** (lo + t * (hi - lo));
    }
    case 'linear':
      return scale.min + t * (scale.max - scale.min);
    case 'int':
      return Math.round(scale.min + t * (scale.max - scale.min));
    case 'choice':
      return scale.values[index % scale.values.length]!;
  }
}

/** Dev accuracy of a trial: decided by α alone, best near α = 10^-2 (when α varies), else by its index. */
function fakeAccuracy(params: TrialParams, index: number): number {
  const lr = params.learningRate;
  if (typeof lr === 'number') return Math.max(0.5, 0.97 - 0.12 * Math.abs(Math.log10(lr) + 2));
  return 0.97 - 0.2 * spread(index, 7);
}

/** Two workers on other machines, as a queue's status lists them (lab-1 busier). */
export function fakeQueueWorkers(): QueueWorker[] {
  return [
    { name: 'lab-2/4242', host: 'lab-2', pid: 4242, concurrency: 2, busy: 1, trialsDone: 7, backend: 'wasm', lastSeen: '2025-06-01T09:41:05.000Z' },
    { name: 'lab-1/1717', host: 'lab-1', pid: 1717, concurrency: 4, busy: 3, trialsDone: 12, backend: 'wasm', lastSeen: '2025-06-01T09:41:07.000Z' },
  ];
}

/** What the fake's Redis does: answers (with these workers) or is unreachable. */
export interface FakeQueue {
  reachable: boolean;
  workers: QueueWorker[];
}

interface FakeSearch {
  summary: SearchSummary;
  space: SearchSpace;
  trials: Trial[];
  children: string[];
  /** The queue its trials go through (the URL as given), or null for this machine. */
  queueUrl: string | null;
}

export function fakeSearchHost() {
  const searches: FakeSearch[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: Record<string, unknown> }[] = [];
  const replies: Partial<Record<CommandName, (request: Record<string, unknown>) => unknown>> = {};
  let clock = Date.UTC(2025, 5, 1);
  let nextRun = 1;
  const queue: FakeQueue = { reachable: true, workers: fakeQueueWorkers() };
  /** The queue as the coordinator would see it now, for `url` (always redacted, like the real host). */
  const queueStatusOf = (url: string): QueueStatus => {
    const shown = redactQueueUrl(url);
    const hostPort = shown.replace(/^rediss?:\/\/(?:[^@]*@)?/, '');
    return queue.reachable
      ? { url: shown, state: 'connected', message: null, workers: queue.workers.map((w) => ({ ...w })) }
      : { url: shown, state: 'unreachable', message: `Redis at ${hostPort} is unreachable (ECONNREFUSED); the search waits and goes on when it returns.`, workers: [] };
  };
  /** Which worker takes the next trial of a queue search: round robin over those that joined. */
  let nextWorker = 0;
  const ok = (value: unknown) => ({ ok: true, value });
  const refuse = (code: string, message: string) => ({ ok: false, error: { code, message } });
  const iso = () => new Date((clock += 60_000)).toISOString();
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const find = (searchId: unknown) => searches.find((s) => s.summary.searchId === searchId);
  const ended = (t: Trial) => !['pending', 'running'].includes(t.status);
  const better = (a: Trial, b: Trial) => (b.metric ?? -1) - (a.metric ?? -1) || a.index - b.index;

  const refreshSummary = (search: FakeSearch) => {
    const best = [...search.trials].filter((t) => t.metric !== null).sort(better)[0];
    search.summary = {
      ...search.summary,
      done: search.trials.filter(ended).length,
      steps: search.trials.reduce((sum, t) => sum + t.steps, 0),
      best: best ? { index: best.index, runId: best.runId, metric: best.metric! } : null,
    };
  };
  const detailOf = (search: FakeSearch): SearchDetail => ({
    summary: search.summary,
    space: search.space,
    design: fakeDesign,
    settings: fakeSearchSettings,
    trials: [...search.trials].sort(better),
    children: search.children,
  });
  /** Starts waiting trials up to the plan's parallelism. */
  const startTrials = (search: FakeSearch) => {
    let running = search.trials.filter((t) => t.status === 'running').length;
    for (const trial of search.trials) {
      if (running >= search.summary.plan.parallel) break;
      if (trial.status !== 'pending') continue;
      trial.status = 'running';
      trial.runId = `run-${nextRun++}`;
      const workers = queue.workers;
      trial.worker = search.queueUrl && workers.length > 0 ? workers[nextWorker++ % workers.length]!.name : 'local';
      running++;
    }
  };

  /** Creates a search as the service would record it; `trained` trials are already finished. */
  const create = (request: { name?: string; space: SearchSpace; plan: SearchPlan; parentId?: string; runOn?: RunOn }, trained = 0): FakeSearch => {
    const queueUrl = request.runOn?.kind === 'queue' ? request.runOn.url : null;
    const searchId = `search-${searches.length + 1}`;
    const names = Object.keys(request.space) as (keyof SearchSpace)[];
    const trials: Trial[] = Array.from({ length: request.plan.trials }, (_, index) => {
      const params: TrialParams = {};
      names.forEach((name, salt) => (params[name] = fakeValue(request.space[name]!, index, salt)));
      return { index, runId: null, params, status: 'pending', epochs: 0, steps: 0, train: null, dev: null, metric: null, rung: 0, worker: null, error: null };
    });
    const search: FakeSearch = {
      summary: {
        searchId,
        name: request.name ?? `Search ${searches.length + 1}`,
        status: 'running',
        createdAt: iso(),
        endedAt: null,
        metric: 'dev-accuracy',
        plan: request.plan,
        done: 0,
        steps: 0,
        best: null,
        parentId: request.parentId ?? null,
        error: null,
        ...(queueUrl ? { queue: queueStatusOf(queueUrl) } : {}),
      },
      space: request.space,
      trials,
      children: [],
      queueUrl,
    };
    searches.push(search);
    if (request.parentId) find(request.parentId)?.children.push(searchId);
    startTrials(search);
    for (let i = 0; i < trained; i++) host.tick(search.summary.searchId, request.plan.epochs);
    refreshSummary(search);
    return search;
  };

  const finishIfDone = (search: FakeSearch) => {
    if (search.summary.status === 'running' && search.trials.every(ended)) {
      search.summary = { ...search.summary, status: 'completed', endedAt: iso() };
    }
  };

  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    const custom = replies[channel];
    if (custom) return custom(request);
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only the search view's commands are faked; the rest are refused
    switch (channel) {
      case 'search:list':
        return ok({ searches: [...searches].reverse().map((s) => s.summary) });
      case 'search:get': {
        const search = find(request.searchId);
        return search ? ok(detailOf(search)) : refuse('not_found', `There is no search ${String(request.searchId)}.`);
      }
      case 'search:start': {
        const plan = request.plan as SearchPlan;
        if (request.parentId && !find(request.parentId)) return refuse('not_found', `There is no search ${String(request.parentId)} to narrow.`);
        const search = create({
          name: request.name as string | undefined,
          space: request.space as SearchSpace,
          plan,
          parentId: request.parentId as string | undefined,
          runOn: request.runOn as RunOn | undefined,
        });
        return ok(search.summary);
      }
      case 'search:stop': {
        const search = find(request.searchId);
        if (!search) return refuse('not_found', `There is no search ${String(request.searchId)}.`);
        for (const trial of search.trials) if (!ended(trial)) trial.status = 'stopped';
        refreshSummary(search);
        search.summary = { ...search.summary, status: 'stopped', endedAt: iso() };
        emit('search:progress', { search: search.summary, trials: search.trials });
        return ok(search.summary);
      }
      case 'search:stopTrial': {
        const search = find(request.searchId);
        const trial = search?.trials[Number(request.index)];
        if (!search || !trial) return refuse('not_found', `There is no trial ${String(request.index)} in ${String(request.searchId)}.`);
        if (ended(trial)) return refuse('conflict', `Trial ${trial.index} has already ended (${trial.status}).`);
        trial.status = 'stopped';
        startTrials(search);
        refreshSummary(search);
        finishIfDone(search);
        emit('search:progress', { search: search.summary, trials: [trial] });
        return ok(trial);
      }
      case 'search:resume': {
        const search = find(request.searchId);
        if (!search) return refuse('not_found', `There is no search ${String(request.searchId)}.`);
        if (search.summary.status !== 'interrupted') return refuse('conflict', `${search.summary.searchId} is ${search.summary.status}: only an interrupted search resumes.`);
        for (const trial of search.trials) if (trial.status === 'running') trial.status = 'pending';
        search.summary = { ...search.summary, status: 'running', endedAt: null };
        startTrials(search);
        return ok(search.summary);
      }
      case 'search:queueStatus':
        return ok(queueStatusOf(String(request.url)));
      case 'history:restore':
        return ok({ name: `${String(request.runId)} (trial)`, design: fakeDesign, settings: fakeSearchSettings });
      case 'training:get': {
        const trial = searches.flatMap((s) => s.trials).find((t) => t.runId === request.runId);
        if (!trial) return refuse('not_found', `There is no run ${String(request.runId)}.`);
        const steps: StepPoint[] = [];
        for (let step = 1; step <= trial.steps; step++) steps.push(curvePoint(trial.index, step));
        return ok({ run: runSummaryOf(trial), steps, reports: [], visuals: null, nextStep: null });
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
    searches,
    calls,
    replies,
    emit,
    /** The fake Redis: set `reachable` or `workers`, then `queueChanged()` to tell queue searches. */
    queue,
    /** Every running queue search's summary.queue is read again and sent as search:progress (Redis went away, came back, a worker joined). */
    queueChanged() {
      for (const search of searches) {
        if (!search.queueUrl || search.summary.status !== 'running') continue;
        search.summary = { ...search.summary, queue: queueStatusOf(search.queueUrl) };
        emit('search:progress', { search: search.summary, trials: [] });
      }
    },
    /** Records a search directly (as if started earlier), optionally with every trial trained. */
    seed(request: { name?: string; space: SearchSpace; plan: SearchPlan; parentId?: string; runOn?: RunOn }, trainedEpochs = 0) {
      const search = create(request);
      for (let i = 0; i < trainedEpochs; i++) host.tick(search.summary.searchId);
      return search;
    },
    /** One epoch of every running trial of a search: training:progress per trial, then search:progress. */
    tick(searchId: string, _epochs = 1) {
      const search = find(searchId);
      if (!search || search.summary.status !== 'running') return;
      // A queue search whose Redis went away waits (as the real one does).
      if (search.queueUrl && !queue.reachable) return;
      const changed: Trial[] = [];
      for (const trial of search.trials) {
        if (trial.status !== 'running' || !trial.runId) continue;
        const fromStep = trial.steps + 1;
        trial.epochs++;
        trial.steps += stepsPerEpoch;
        const steps = Array.from({ length: stepsPerEpoch }, (_, i) => curvePoint(trial.index, fromStep + i));
        const accuracy = fakeAccuracy(trial.params, trial.index) * (1 - 0.3 / (trial.epochs + 1));
        trial.dev = { loss: 1 - accuracy, accuracy };
        trial.train = { loss: 0.9 - accuracy * 0.8, accuracy: Math.min(1, accuracy + 0.01) };
        trial.metric = accuracy;
        if (trial.epochs >= search.summary.plan.epochs) trial.status = 'completed';
        emit('training:progress', { runId: trial.runId, fromStep, steps, reports: [], interventions: [], visuals: null, state: 'running', step: trial.steps, epoch: trial.epochs, stepsPerSecond: 50 });
        changed.push(trial);
      }
      startTrials(search);
      refreshSummary(search);
      finishIfDone(search);
      emit('search:progress', { search: search.summary, trials: changed.map((t) => ({ ...t })) });
    },
    /** The app stopped mid-search: the search is left interrupted. */
    interrupt(searchId: string) {
      const search = find(searchId);
      if (search) search.summary = { ...search.summary, status: 'interrupted' };
    },
  };
  return host;
}

/** A falling, slightly noisy loss curve, different for each trial. */
function curvePoint(index: number, step: number): StepPoint {
  const rate = 0.02 + 0.015 * (index % 4);
  return { step, epoch: Math.ceil(step / stepsPerEpoch), loss: 0.2 + 0.6 * Math.exp(-rate * step) + 0.02 * Math.sin(step + index), learningRate: 0.01 };
}

function runSummaryOf(trial: Trial) {
  return {
    runId: trial.runId!,
    label: `Trial ${trial.index}`,
    state: trial.status === 'running' ? ('running' as const) : ('completed' as const),
    createdAt: new Date(Date.UTC(2025, 5, 1)).toISOString(),
    dataset: 'moons',
    settings: fakeSearchSettings,
    parameters: 91,
    epoch: trial.epochs,
    epochs: 10,
    step: trial.steps,
    totalSteps: 70,
    stepsPerSecond: null,
    train: trial.train,
    dev: trial.dev,
    result: null,
    test: null,
    error: null,
    warnings: [],
    interventions: [],
    continuedFrom: null,
  };
}

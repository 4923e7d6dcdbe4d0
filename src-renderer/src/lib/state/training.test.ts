import { describe, expect, it, vi } from 'vitest';
import { createClient, type CommandName, type EventName, type RunSettings, type RunSummary, type StepPoint, type Transport } from '@shared/api';
import { TrainingState } from './training.svelte';

const settings: RunSettings = {
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  normalize: 'zscore',
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, schedule: { kind: 'constant' }, learningRate: 0.1, l2: 0, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
  backend: 'auto',
};

function summary(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    label: 'Course net on moons',
    state: 'running',
    createdAt: '2025-01-02T03:04:05.000Z',
    dataset: 'moons',
    settings,
    parameters: 91,
    epoch: 1,
    epochs: 10,
    step: 0,
    totalSteps: 70,
    stepsPerSecond: null,
    train: null,
    dev: null,
    result: null,
    test: null,
    error: null,
    warnings: [],
    interventions: [],
    ...overrides,
  };
}

/** Points step..step+count-1 with a loss that falls as 1/step (a recognisable series). */
const points = (from: number, count: number): StepPoint[] =>
  Array.from({ length: count }, (_, i) => ({ step: from + i, epoch: 1, loss: 1 / (from + i), learningRate: 0.1 }));

function progress(runId: string, from: number, count: number) {
  return { runId, fromStep: from, steps: points(from, count), reports: [], interventions: [], visuals: null, state: 'running', step: from + count - 1, epoch: 1, stepsPerSecond: 50 };
}

/**
 * A training host in memory: it keeps each run's full series, answers training:get from any step
 * (as the service does) and lets the test push events and hold an answer back.
 */
function trainingHost() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: Record<string, unknown> }[] = [];
  const series = new Map<string, StepPoint[]>();
  const runs = new Map<string, RunSummary>();
  const replies: Partial<Record<CommandName, (request: Record<string, unknown>) => unknown>> = {};
  let hold: Promise<void> | null = null;
  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    const custom = replies[channel];
    if (custom) return custom(request);
    if (channel === 'training:list') return { ok: true, value: { runs: [...runs.values()].reverse() } };
    if (channel === 'training:get') {
      const runId = String(request.runId);
      const from = Number(request.fromStep ?? 1);
      const run = runs.get(runId);
      if (!run) return { ok: false, error: { code: 'not_found', message: `There is no run ${runId}.` } };
      // Pages of host.pageSize steps, as the service answers a long run.
      const rest = (series.get(runId) ?? []).filter((p) => p.step >= from);
      const steps = rest.slice(0, host.pageSize);
      const nextStep = rest.length > host.pageSize ? steps.at(-1)!.step + 1 : null;
      return { ok: true, value: { run, steps, reports: [], visuals: null, nextStep } };
    }
    return { ok: false, error: { code: 'unavailable', message: `${channel} is not offered here` } };
  };
  const transport: Transport = {
    kind: 'web',
    async invoke(channel, request) {
      calls.push({ channel, request: request as Record<string, unknown> });
      if (hold && channel === 'training:get') await hold;
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
    /** Steps in one training:get answer. */
    pageSize: 1000,
    client: createClient(transport),
    calls,
    replies,
    /** The service trains a run to `step`: it holds every point whether or not the page hears of it. */
    trained(runId: string, step: number, overrides: Partial<RunSummary> = {}) {
      series.set(runId, points(1, step));
      runs.set(runId, summary(runId, { step, ...overrides }));
    },
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    holdGets() {
      let release = () => {};
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
  };
  return host;
}

const stepsOf = (state: TrainingState, runId: string) => state.chartRun(runId)?.steps.map((p) => p.step) ?? [];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('TrainingState', () => {
  it('lists the runs at start, fetches the points of those training or on show, and an ended run’s when it is shown', async () => {
    const host = trainingHost();
    host.trained('run-1', 5, { state: 'completed' });
    host.trained('run-2', 3);
    const state = new TrainingState(host.client);
    await state.start();
    expect(state.runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    // The newest is shown (and still training); the ended one waits until someone looks at it.
    expect(state.selectedId).toBe('run-2');
    expect(stepsOf(state, 'run-2')).toEqual(range(1, 3));
    expect(stepsOf(state, 'run-1')).toEqual([]);
    state.setOverlaid('run-1', true);
    await vi.waitFor(() => expect(stepsOf(state, 'run-1')).toEqual(range(1, 5)));
    // Shown again: it has every point, so nothing is fetched twice.
    state.select('run-1');
    expect(host.calls.filter((c) => c.channel === 'training:get').map((c) => c.request)).toEqual([
      { runId: 'run-2', fromStep: 1 },
      { runId: 'run-1', fromStep: 1 },
    ]);
  });

  it('fetches a long run page by page, following nextStep, until it has every step once', async () => {
    const host = trainingHost();
    host.pageSize = 4;
    host.trained('run-1', 10, { state: 'completed' });
    const state = new TrainingState(host.client);
    await state.start();
    expect(stepsOf(state, 'run-1')).toEqual(range(1, 10));
    expect(host.calls.filter((c) => c.channel === 'training:get').map((c) => c.request.fromStep)).toEqual([1, 5, 9]);
  });

  it('keeps an ended run ended when a late progress message (held during a backfill) still says running', async () => {
    const host = trainingHost();
    host.trained('run-1', 3);
    const state = new TrainingState(host.client);
    await state.start();
    // A gap: the page fetches the missing points and holds this message until they arrive…
    const release = host.holdGets();
    host.trained('run-1', 8);
    host.emit('training:progress', progress('run-1', 6, 3));
    // …while the run is stopped (a rollback stopped it for its branch).
    host.emit('training:state', { run: summary('run-1', { state: 'stopped', step: 8 }) });
    release();
    await vi.waitFor(() => expect(stepsOf(state, 'run-1')).toEqual(range(1, 8)));
    expect(state.runs.find((r) => r.runId === 'run-1')?.state).toBe('stopped');
  });

  it('appends contiguous progress and bumps version once per message', async () => {
    const host = trainingHost();
    host.trained('run-1', 0);
    const state = new TrainingState(host.client);
    await state.start();
    const before = state.version;
    host.emit('training:progress', progress('run-1', 1, 4));
    host.emit('training:progress', progress('run-1', 5, 2));
    expect(state.version).toBe(before + 2);
    expect(stepsOf(state, 'run-1')).toEqual(range(1, 6));
    expect(state.chartRun('run-1')?.steps[2]?.loss).toBeCloseTo(1 / 3);
    expect(state.runs[0]).toMatchObject({ step: 6, stepsPerSecond: 50 });
    // The loss of step n is 1/n here: from 1 at step 1 to 1/6 at step 6.
    expect(state.lossSpan('run-1')).toEqual({ first: 1, last: 1 / 6 });
    expect(host.calls.filter((c) => c.channel === 'training:get')).toHaveLength(1); // only the one at start
  });

  it('backfills a gap with training:get from the first missing step, then goes on with the stream', async () => {
    const host = trainingHost();
    host.trained('run-1', 0);
    const state = new TrainingState(host.client);
    await state.start();
    host.emit('training:progress', progress('run-1', 1, 3)); // steps 1–3 arrive
    // The host coalesced away steps 4–9; the service holds them all.
    host.trained('run-1', 12);
    const release = host.holdGets();
    host.emit('training:progress', progress('run-1', 10, 3)); // 10–12: a gap after 3
    host.emit('training:progress', progress('run-1', 13, 2)); // arrives while the backfill is out
    expect(stepsOf(state, 'run-1')).toEqual(range(1, 3));
    release();
    await vi.waitFor(() => expect(stepsOf(state, 'run-1')).toEqual(range(1, 14)));
    expect(host.calls.filter((c) => c.channel === 'training:get').at(-1)?.request).toEqual({ runId: 'run-1', fromStep: 4 });
    // Nothing was appended twice: the backfill overlapped the message that revealed the gap.
    expect(new Set(stepsOf(state, 'run-1')).size).toBe(14);
  });

  it('shows a change once when it came both in the history fetched for a gap and in the message that revealed the gap', async () => {
    const host = trainingHost();
    host.trained('run-1', 0);
    const state = new TrainingState(host.client);
    await state.start();
    host.emit('training:progress', progress('run-1', 1, 3));
    const change = { step: 10, changes: { learningRate: 0.05 } };
    host.trained('run-1', 12, { interventions: [change] });
    host.emit('training:progress', { ...progress('run-1', 10, 3), interventions: [change] });
    await vi.waitFor(() => expect(stepsOf(state, 'run-1')).toEqual(range(1, 12)));
    expect(state.chartRun('run-1')?.interventions).toEqual([change]);
    expect(state.runs.find((run) => run.runId === 'run-1')?.interventions).toEqual([change]);
  });

  it('fetches a run it hears of for the first time (started in another window)', async () => {
    const host = trainingHost();
    const state = new TrainingState(host.client);
    await state.start();
    host.trained('run-7', 8);
    host.emit('training:progress', progress('run-7', 7, 2));
    await vi.waitFor(() => expect(stepsOf(state, 'run-7')).toEqual(range(1, 8)));
    expect(state.runs.map((r) => r.runId)).toEqual(['run-7']);
  });

  it('after a reconnect lists again and fetches only what was missed', async () => {
    const host = trainingHost();
    host.trained('run-1', 4);
    const state = new TrainingState(host.client);
    await state.start();
    host.trained('run-1', 9, { state: 'completed' });
    await state.refresh();
    expect(stepsOf(state, 'run-1')).toEqual(range(1, 9));
    expect(host.calls.filter((c) => c.channel === 'training:get').at(-1)?.request).toEqual({ runId: 'run-1', fromStep: 5 });
    expect(state.runs[0]?.state).toBe('completed');
  });

  it('takes a whole summary from training:state and selects the first run', async () => {
    const host = trainingHost();
    const state = new TrainingState(host.client);
    await state.start();
    host.emit('training:state', { run: summary('run-3', { state: 'queued' }) });
    expect(state.selected?.state).toBe('queued');
    host.emit('training:state', { run: summary('run-3', { state: 'paused', interventions: [{ step: 4, changes: { learningRate: 0.01 } }] }) });
    expect(state.selected?.state).toBe('paused');
    expect(state.chartRun('run-3')?.interventions).toEqual([{ step: 4, changes: { learningRate: 0.01 } }]);
  });

  it('starts a run, selects it, and shows a refusal as a message', async () => {
    const host = trainingHost();
    const state = new TrainingState(host.client);
    await state.start();
    host.replies['training:start'] = () => ({ ok: true, value: summary('run-4', { state: 'queued' }) });
    const run = await state.train({ format: 'deepwire-design' }, 'Course net', settings);
    expect(run?.runId).toBe('run-4');
    expect(state.selectedId).toBe('run-4');
    expect(host.calls.at(-1)).toEqual({ channel: 'training:start', request: { design: { format: 'deepwire-design' }, name: 'Course net', settings } });

    host.replies['training:pause'] = () => ({ ok: false, error: { code: 'conflict', message: 'run-4 is queued, not running: it can be paused once it starts.' } });
    expect(await state.pause('run-4')).toBeNull();
    expect(state.error).toEqual({ action: 'pause the run', message: 'run-4 is queued, not running: it can be paused once it starts.' });
    expect(state.busy).toBe(false);
  });

  it('sends adjustments and stores the gradient check report', async () => {
    const host = trainingHost();
    const state = new TrainingState(host.client);
    host.replies['training:adjust'] = (request) => ({ ok: true, value: summary(String(request.runId), { interventions: [{ step: 3, changes: request.changes as never }] }) });
    await state.adjust('run-1', { learningRate: 0.05 });
    expect(host.calls.at(-1)?.request).toEqual({ runId: 'run-1', changes: { learningRate: 0.05 } });
    expect(state.chartRun('run-1')?.interventions).toEqual([{ step: 3, changes: { learningRate: 0.05 } }]);

    const report = { relativeDifference: 2e-9, verdict: 'good', explanation: 'fine', layers: [{ name: 'dense-2', relativeDifference: 2e-9 }], worstLayer: 'dense-2', rows: 8, sampled: [] };
    host.replies['training:gradcheck'] = () => ({ ok: true, value: report });
    expect(await state.checkGradients({}, settings)).toEqual(report);
    expect(state.gradcheck?.worstLayer).toBe('dense-2');
    expect(state.checking).toBe(false);
  });

  it('overlays other runs after the selected one, in the order they were ticked', async () => {
    const host = trainingHost();
    host.trained('run-1', 1);
    host.trained('run-2', 1);
    host.trained('run-3', 1);
    const state = new TrainingState(host.client);
    await state.start();
    state.select('run-2');
    state.setOverlaid('run-3', true);
    state.setOverlaid('run-1', true);
    state.setOverlaid('run-2', true); // the selected run is drawn once
    expect(state.chartRuns.map((r) => r.runId)).toEqual(['run-2', 'run-3', 'run-1']);
    state.setOverlaid('run-3', false);
    expect(state.chartRuns.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(new Set(state.chartRuns.map((r) => r.color)).size).toBe(2);
  });
});

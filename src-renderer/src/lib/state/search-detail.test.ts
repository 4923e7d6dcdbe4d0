import { describe, expect, it, vi } from 'vitest';
import { SearchPlan, type SearchSpace } from '@shared/api';
import { fakeSearchHost, fakeSearchSettings } from './search-fake-host';
import { appendLosses, SearchDetailState } from './search-detail.svelte';

const space: SearchSpace = { learningRate: { kind: 'log', min: 1e-4, max: 1 }, optimizer: { kind: 'choice', values: ['gd', 'adam'] } };
const plan = (trials: number, epochs = 3, parallel = 2) => SearchPlan.parse({ trials, epochs, parallel });

async function opened(trainedEpochs: number, trials = 6) {
  const host = fakeSearchHost();
  const search = host.seed({ name: 'Coarse', space, plan: plan(trials) }, trainedEpochs);
  const detail = new SearchDetailState(host.client);
  detail.start();
  await detail.open(search.summary.searchId);
  return { host, detail, searchId: search.summary.searchId };
}

describe('SearchDetailState', () => {
  it('opens a search with its trials ranked best first and the curves of trials that trained', async () => {
    const { host, detail } = await opened(3);
    expect(detail.summary?.name).toBe('Coarse');
    const metrics = detail.ranked.filter((t) => t.metric !== null).map((t) => t.metric!);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics).toEqual([...metrics].sort((a, b) => b - a));
    // Unranked trials (still waiting) come last, in index order.
    const waiting = detail.ranked.filter((t) => t.metric === null).map((t) => t.index);
    expect(waiting).toEqual([...waiting].sort((a, b) => a - b));
    const trained = detail.trials.filter((t) => t.steps > 0);
    for (const trial of trained) expect(detail.curve(trial.runId)?.losses).toHaveLength(trial.steps);
    expect(host.calls.filter((c) => c.channel === 'training:get')).toHaveLength(trained.length);
  });

  it('follows a live search: trials change with search:progress, curves grow with training:progress', async () => {
    const { host, detail, searchId } = await opened(0, 4);
    const running = detail.trials.filter((t) => t.status === 'running');
    expect(running).toHaveLength(2);
    const before = detail.curvesVersion;
    host.tick(searchId);
    expect(detail.curvesVersion).toBeGreaterThan(before);
    expect(detail.curve(running[0]!.runId)?.losses).toHaveLength(7);
    expect(detail.trials.find((t) => t.index === running[0]!.index)?.epochs).toBe(1);
    for (let i = 0; i < 8; i++) host.tick(searchId);
    expect(detail.summary?.status).toBe('completed');
    expect(detail.trials.every((t) => t.status === 'completed')).toBe(true);
    expect(detail.live).toBe(false);
  });

  it('fills a gap in a curve from training:get', async () => {
    const { host, detail, searchId } = await opened(0, 2);
    const runId = detail.trials[0]!.runId!;
    host.tick(searchId);
    // A message lost (the host coalesced it away): the next one starts after a gap.
    host.searches[0]!.trials[0]!.steps = 21;
    host.emit('training:progress', { runId, fromStep: 22, steps: [{ step: 22, epoch: 4, loss: 0.3, learningRate: 0.01 }], reports: [], interventions: [], visuals: null, state: 'running', step: 22, epoch: 4, stepsPerSecond: 10 });
    await vi.waitFor(() => expect(detail.curve(runId)?.losses).toHaveLength(21));
    expect(host.calls.filter((c) => c.channel === 'training:get').at(-1)?.request).toEqual({ runId, fromStep: 8 });
  });

  it('stops a trial and the search, and says why when the host refuses', async () => {
    const { host, detail, searchId } = await opened(0, 4);
    expect(await detail.stopTrial(0)).toBe(true);
    expect(detail.trials[0]?.status).toBe('stopped');
    expect(await detail.stopTrial(0)).toBe(false);
    expect(detail.actionError).toBe('Trial 0 has already ended (stopped).');
    expect(await detail.stopSearch()).toBe(true);
    expect(detail.summary?.status).toBe('stopped');
    expect(host.searches[0]!.trials.every((t) => t.status !== 'running' && t.status !== 'pending')).toBe(true);
    expect(searchId).toBe('search-1');
  });

  it('opens the winner: the best trial’s run restored from history', async () => {
    const { host, detail } = await opened(3);
    const restored = await detail.openWinner();
    const best = detail.ranked[0]!;
    expect(restored?.runId).toBe(best.runId);
    expect(host.calls.at(-1)).toEqual({ channel: 'history:restore', request: { runId: best.runId } });
    expect(restored?.settings.data.kind).toBe('moons');
  });

  it('has no winner before any trial has a result', async () => {
    const { detail } = await opened(0);
    expect(await detail.openWinner()).toBeNull();
    expect(detail.actionError).toMatch(/No trial has a result yet/);
  });

  it('loads the parent of a child search, and a search that is not there as an error', async () => {
    const host = fakeSearchHost();
    const parent = host.seed({ space, plan: plan(3) }, 3);
    const child = host.seed({ space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 } }, plan: plan(3), parentId: parent.summary.searchId });
    const detail = new SearchDetailState(host.client);
    await detail.open(child.summary.searchId);
    expect(detail.parent?.summary.searchId).toBe(parent.summary.searchId);
    expect(detail.parent?.children).toEqual([child.summary.searchId]);
    await detail.open('search-99');
    expect(detail.error).toBe('There is no search search-99.');
  });

  it('appends only the steps a curve does not hold', () => {
    const curve = { losses: [0.9, 0.8] };
    expect(appendLosses(curve, 2, [0.8, 0.7, 0.6])).toBe(2);
    expect(curve.losses).toEqual([0.9, 0.8, 0.7, 0.6]);
    expect(appendLosses(curve, 7, [0.1])).toBe(0);
  });
});

describe('SearchDetailState, progress that went by unseen', () => {
  it('fills a curve asked for again while a page of it was on its way (the search opened again meanwhile)', async () => {
    const host = fakeSearchHost();
    const search = host.seed({ name: 'Coarse', space, plan: plan(2, 3, 2) }, 3);
    const detail = new SearchDetailState(host.client);
    detail.start();
    // The first page of the first trial's steps is held back until the search has been opened again.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    host.replies['training:get'] = async (request) => {
      delete host.replies['training:get'];
      await held;
      return host.client.call('training:get', request as { runId: string });
    };
    const first = detail.open(search.summary.searchId);
    await vi.waitFor(() => expect(host.calls.filter((c) => c.channel === 'training:get')).toHaveLength(1));
    const again = detail.reload();
    release();
    await Promise.all([first, again]);
    for (const trial of detail.trials) await vi.waitFor(() => expect(detail.curve(trial.runId)?.losses).toHaveLength(trial.steps));
    for (const trial of detail.trials) expect(detail.curveLength(trial.runId)).toBe(trial.steps);
    expect(detail.curveLength(null)).toBe(0);
  });

  it('fetches the curve of a trial that ended before its run was known here', async () => {
    const host = fakeSearchHost();
    const search = host.seed({ space, plan: plan(1, 1, 1) });
    const detail = new SearchDetailState(host.client);
    detail.start();
    // Opened from a stale answer: the trial is still waiting, so its training:progress is not followed.
    host.replies['search:get'] = () => ({ ok: true, value: { summary: search.summary, space, design: {}, settings: fakeSearchSettings, trials: [{ ...search.trials[0]!, status: 'pending', runId: null }], children: [] } });
    await detail.open('search-1');
    delete host.replies['search:get'];
    host.tick('search-1');
    const trial = detail.trials[0]!;
    expect(trial.status).toBe('completed');
    await vi.waitFor(() => expect(detail.curve(trial.runId)?.losses).toHaveLength(trial.steps));
  });
});

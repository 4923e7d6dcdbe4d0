import { describe, expect, it, vi } from 'vitest';
import { RunDetailState, notesSaveDelayMs } from './history-detail.svelte';
import { fakeHistoryHost, manualSchedule, summaryOf } from './history-fake-host';

async function opened(runId = 'run-3') {
  const host = fakeHistoryHost(20);
  const clock = manualSchedule();
  const detail = new RunDetailState(host.client, { schedule: clock.schedule });
  detail.start();
  await detail.open(runId);
  return { host, clock, detail };
}

const updates = (host: ReturnType<typeof fakeHistoryHost>) => host.calls.filter((c) => c.channel === 'history:update').map((c) => c.request);

describe('RunDetailState', () => {
  it('opens a run with its detail and every step of its curves, page by page, with epoch curves from its metrics', async () => {
    const host = fakeHistoryHost(20);
    host.stepPageSize = 30;
    const detail = new RunDetailState(host.client);
    await detail.open('run-3');
    expect(detail.detail?.row.runId).toBe('run-3');
    expect(detail.curves?.steps.map((p) => p.step)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(host.calls.filter((c) => c.channel === 'training:get').map((c) => c.request.fromStep)).toEqual([1, 31, 61]);
    // training:get kept no epoch reports here: the ten epochs come from history's metrics.
    expect(detail.curves?.reports.filter((r) => r.kind === 'epoch').map((r) => r.train.loss)).toEqual(detail.detail?.metrics.map((m) => m.trainLoss));
    expect(detail.curves?.interventions).toEqual([{ step: 14, changes: { learningRate: 0.005 } }]);
  });

  it('saves notes after a pause in typing, says so, and saves at once on blur', async () => {
    const { host, clock, detail } = await opened();
    detail.editNotes('Too');
    detail.editNotes('Too slow');
    expect(detail.notesStatus).toBe('editing');
    clock.advance(notesSaveDelayMs - 1);
    expect(updates(host)).toEqual([]);
    clock.advance(1);
    await vi.waitFor(() => expect(detail.notesStatus).toBe('saved'));
    expect(updates(host)).toEqual([{ runId: 'run-3', notes: 'Too slow' }]);

    detail.editNotes('Too slow; try Adam');
    await detail.flushNotes();
    expect(updates(host).at(-1)).toEqual({ runId: 'run-3', notes: 'Too slow; try Adam' });
    expect(clock.pending).toBe(0);
    // Nothing new to save: a blur sends nothing.
    await detail.flushNotes();
    expect(updates(host)).toHaveLength(2);
  });

  it('saves pending notes to their own run before opening another', async () => {
    const { host, detail } = await opened();
    detail.editNotes('keep me');
    await detail.open('run-4');
    expect(updates(host)).toEqual([{ runId: 'run-3', notes: 'keep me' }]);
    expect(detail.notes).toBe('');
  });

  it('adds and removes tags, refusing duplicates, blanks and a 21st tag with a reason', async () => {
    const { host, detail } = await opened();
    expect(await detail.addTag('  baseline ')).toBe(true);
    expect(detail.detail?.row.tags).toEqual(['baseline']);
    expect(await detail.addTag('baseline')).toBe(false);
    expect(detail.tagError).toBe('“baseline” is already a tag of this run');
    expect(await detail.addTag('   ')).toBe(false);
    expect(detail.tagError).toBe('a tag cannot be empty');
    expect(await detail.removeTag('baseline')).toBe(true);
    expect(detail.detail?.row.tags).toEqual([]);

    host.rows[2]!.tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    await detail.retry();
    expect(await detail.addTag('one more')).toBe(false);
    expect(detail.tagError).toBe('a run has at most 20 tags: remove one first');
  });

  it('reloads on history:changed naming it, without overwriting notes being typed', async () => {
    const { host, detail } = await opened();
    detail.editNotes('draft');
    host.rows[2]!.tags = ['from-elsewhere'];
    host.emit('history:changed', { runIds: ['run-3'] });
    await vi.waitFor(() => expect(detail.detail?.row.tags).toEqual(['from-elsewhere']));
    expect(detail.notes).toBe('draft');
  });

  it('follows a live run: its curves grow with training:progress, a gap is fetched, and its end reloads the detail', async () => {
    const { host, detail } = await opened();
    const steps = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ step: from + i, epoch: 11, loss: 0.01, learningRate: 0.01 }));
    const progress = (from: number, count: number) => ({ runId: 'run-3', fromStep: from, steps: steps(from, count), reports: [], interventions: [], visuals: null, state: 'running', step: from + count - 1, epoch: 11, stepsPerSecond: 40 });
    const before = detail.curvesVersion;
    host.emit('training:progress', progress(71, 2));
    expect(detail.curves?.steps.at(-1)?.step).toBe(72);
    expect(detail.curvesVersion).toBe(before + 1);
    // Steps 73–79 were coalesced away: the host holds them (12 epochs of 7 steps now), and they are fetched.
    host.rows[2]!.epochs = 12;
    host.emit('training:progress', progress(80, 2));
    await vi.waitFor(() => expect(detail.curves?.steps.at(-1)?.step).toBe(84));
    expect(host.calls.filter((c) => c.channel === 'training:get').at(-1)?.request).toEqual({ runId: 'run-3', fromStep: 73 });
    expect(new Set(detail.curves?.steps.map((p) => p.step)).size).toBe(84);

    host.rows[2]!.status = 'stopped';
    host.emit('training:state', { run: summaryOf(host.rows[2]!) });
    await vi.waitFor(() => expect(detail.detail?.row.status).toBe('stopped'));
  });

  it('runs the actions and shows a refusal as a message', async () => {
    const { host, detail } = await opened();
    expect((await detail.restore())?.name).toBe('Course net');
    expect((await detail.continueRun())?.continuedFrom).toBe('run-3');
    expect((await detail.metricsCsv())?.fileName).toBe('run-3-metrics.csv');
    expect((await detail.exportRun())?.fileName).toBe('deepwire-runs.json');
    host.replies['history:continue'] = () => ({ ok: false, error: { code: 'conflict', message: 'run-3 kept no final weights: it cannot be continued.' } });
    expect(await detail.continueRun()).toBeNull();
    expect(detail.actionError).toBe('run-3 kept no final weights: it cannot be continued.');
    expect(detail.busy).toBeNull();
  });

  it('shows a host error for a run that is not there', async () => {
    const { detail } = await opened('run-404');
    expect(detail.error).toBe('There is no run run-404 in history.');
    expect(detail.detail).toBeNull();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { fakeHistoryHost, manualSchedule, summaryOf } from './history-fake-host';
import { HistoryTableState, textDebounceMs } from './history-table.svelte';
import { pagesFor, rowWindow } from './history-window';

const offsets = (host: ReturnType<typeof fakeHistoryHost>) => host.listed().map((r) => r.offset);

/** Scrolls the table as the component does: the window for a scroll position, then its pages. */
function scrollTo(table: HistoryTableState, scrollTop: number) {
  const window = rowWindow({ scrollTop, viewportHeight: 600, rowHeight: 30, total: table.total ?? 0, overscan: 8 });
  table.showRows(window.first, window.end);
  return window;
}

async function started(count = 10_000) {
  const host = fakeHistoryHost(count);
  const clock = manualSchedule();
  const table = new HistoryTableState(host.client, { schedule: clock.schedule });
  table.showRows(0, 28);
  await table.start();
  return { host, clock, table };
}

describe('HistoryTableState', () => {
  it('fetches only the pages the visible rows need while scrolling through 10,000 runs', async () => {
    const { host, table } = await started();
    expect(table.total).toBe(10_000);
    expect(table.rowAt(0)?.runId).toBe('run-10000'); // newest first
    expect(offsets(host)).toEqual([0]);

    // Scroll to the middle, then the end: one page each, and the pages between are never asked for.
    const middle = scrollTo(table, 5000 * 30);
    await vi.waitFor(() => expect(table.rowAt(middle.first)).toBeDefined());
    scrollTo(table, 10_000 * 30);
    await vi.waitFor(() => expect(table.rowAt(9999)?.runId).toBe('run-1'));
    expect(offsets(host)).toEqual([0, 4800, 5000, 9800]);
    expect(table.rowAt(3000)).toBeUndefined();

    // Back at the top: cached, nothing fetched again.
    scrollTo(table, 0);
    expect(offsets(host)).toEqual([0, 4800, 5000, 9800]);
    expect(table.cachedPages).toEqual([0, 4800, 5000, 9800]);
  });

  it('asks for every page a window straddles', () => {
    expect(pagesFor(190, 230, 200)).toEqual([0, 200]);
  });

  it('sorting drops the cache and fetches from the top again; a second click reverses', async () => {
    const { host, table } = await started();
    scrollTo(table, 9000 * 30);
    await vi.waitFor(() => expect(table.cachedPages).toContain(8800));
    const before = table.queryVersion;

    table.toggleSort('trainLoss');
    expect(table.sort).toEqual({ key: 'trainLoss', direction: 'desc' });
    expect(table.queryVersion).toBe(before + 1);
    await vi.waitFor(() => expect(table.rowAt(0)?.runId).toBe('run-1')); // the largest loss, 1/1
    expect(table.cachedPages).toEqual([0]);
    expect(host.listed().at(-1)).toMatchObject({ sort: { key: 'trainLoss', direction: 'desc' }, offset: 0 });

    table.toggleSort('trainLoss');
    expect(table.sort.direction).toBe('asc');
    // Text columns start A→Z.
    table.toggleSort('label');
    expect(table.sort).toEqual({ key: 'label', direction: 'asc' });
  });

  it('filters by the selects at once and by free text after a pause in typing', async () => {
    const { host, clock, table } = await started();
    table.setFilter('status', 'failed');
    await vi.waitFor(() => expect(table.total).toBe(Math.floor(10_000 / 7)));
    expect(table.rowAt(0)?.status).toBe('failed');
    expect(host.listed().at(-1)).toMatchObject({ status: 'failed', offset: 0 });

    const calls = host.calls.length;
    table.typeText('run-99');
    table.typeText('run-999');
    clock.advance(textDebounceMs - 1);
    expect(host.calls.length).toBe(calls); // still typing
    clock.advance(1);
    expect(table.filters.text).toBe('run-999');
    await vi.waitFor(() => expect(table.rowAt(0)?.runId).toBe('run-9996'));
    expect(host.listed().at(-1)).toMatchObject({ status: 'failed', text: 'run-999' });
    expect(table.filtered).toBe(true);

    table.clearFilters();
    await vi.waitFor(() => expect(table.total).toBe(10_000));
    expect(table.textInput).toBe('');
    expect(table.filtered).toBe(false);
  });

  it('re-reads the rows on screen when the host says runs changed, keeping the old ones up meanwhile', async () => {
    const { host, table } = await started(500);
    host.hidden.add('run-500');
    host.emit('history:changed', { runIds: ['run-500'] });
    // Until the fresh page lands the previous rows stay (no blank table).
    expect(table.rowAt(0)?.runId).toBe('run-500');
    await vi.waitFor(() => expect(table.rowAt(0)?.runId).toBe('run-499'));
    expect(table.total).toBe(499);
    expect(host.calls.filter((c) => c.channel === 'history:facets')).toHaveLength(2);
  });

  it('shows a live run’s new state, and refetches when a new run starts', async () => {
    const { host, table } = await started(50);
    host.emit('training:state', { run: summaryOf({ ...host.rows[49]!, status: 'running' }) });
    expect(table.rowAt(0)?.status).toBe('running');
    const before = host.listed().length;
    host.rows.push({ ...host.rows[0]!, runId: 'run-51', createdAt: '2026-01-01T00:00:00.000Z', status: 'queued' });
    host.emit('training:state', { run: summaryOf(host.rows[50]!) });
    await vi.waitFor(() => expect(table.rowAt(0)?.runId).toBe('run-51'));
    expect(host.listed().length).toBe(before + 1);
  });

  it('follows a live run’s epochs from training:progress', async () => {
    const { host, table } = await started(50);
    const epochReport = { kind: 'epoch', epoch: 3, step: 21, stepsPerEpoch: 7, loss: 0.4, smoothedLoss: 0.4, learningRate: 0.01, train: { loss: 0.4, accuracy: 0.8 }, dev: { loss: 0.5, accuracy: 0.75 }, sampled: false, norms: [] };
    host.emit('training:progress', { runId: 'run-50', fromStep: 21, steps: [], reports: [epochReport], interventions: [], visuals: null, state: 'running', step: 21, epoch: 3, stepsPerSecond: 40 });
    expect(table.rowAt(0)).toMatchObject({ runId: 'run-50', status: 'running', epochs: 3, train: { loss: 0.4, accuracy: 0.8 }, dev: { loss: 0.5, accuracy: 0.75 } });
  });

  it('checks rows one by one and in shift-click ranges, and moves the focus with the keyboard', async () => {
    const { table } = await started(30);
    table.toggleChecked(2);
    table.toggleChecked(5, true);
    expect([...table.checked]).toEqual(['run-28', 'run-27', 'run-26', 'run-25']);
    table.toggleChecked(3); // unchecks run-27
    table.toggleChecked(2, true); // the range 2..3 takes run-28's new state (off)
    expect([...table.checked].sort()).toEqual(['run-25', 'run-26']);

    table.moveFocus(1);
    expect(table.focusedIndex).toBe(0);
    table.moveFocus(-1);
    expect(table.focusedIndex).toBe(0);
    table.moveFocus(100);
    expect(table.focusedIndex).toBe(29);
    table.open(table.focusedIndex);
    expect(table.openedId).toBe('run-1');
    table.forget(['run-1', 'run-25']);
    expect(table.openedId).toBeNull();
    expect([...table.checked]).toEqual(['run-26']);
  });

  it('reports a host error as a message and asks again on retry', async () => {
    const host = fakeHistoryHost(10);
    host.replies['history:list'] = () => ({ ok: false, error: { code: 'unavailable', message: 'The experiment database is not open.' } });
    const table = new HistoryTableState(host.client);
    await table.start();
    expect(table.error).toBe('The experiment database is not open.');
    expect(table.loaded).toBe(true);
    delete host.replies['history:list'];
    await table.refresh();
    expect(table.error).toBeNull();
    expect(table.total).toBe(10);
  });
});

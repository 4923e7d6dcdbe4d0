import { describe, expect, it } from 'vitest';
import { CompareState, compareBlockedReason } from './history-compare.svelte';
import { fakeHistoryHost } from './history-fake-host';

describe('CompareState', () => {
  it('says why Compare is disabled below 2 and above 8 runs', () => {
    expect(compareBlockedReason(1)).toBe('Check 2 to 8 runs to compare them');
    expect(compareBlockedReason(2)).toBeNull();
    expect(compareBlockedReason(8)).toBeNull();
    expect(compareBlockedReason(9)).toBe('Compare takes at most 8 runs: 9 are checked');
  });

  it('loads the runs’ epoch curves, one colour each, and the settings that differ', async () => {
    const host = fakeHistoryHost(20);
    const compare = new CompareState(host.client);
    expect(await compare.compare(['run-1', 'run-2', 'run-3'])).toBe(true);
    expect(compare.open).toBe(true);
    expect(compare.differences).toEqual([{ setting: 'optimizer', values: ['momentum', 'gd', 'adam'] }]);
    expect(compare.chartRuns.map((r) => r.label)).toEqual(['run-1 · Net 1 on circles', 'run-2 · Net 2 on spiral', 'run-3 · Net 3 on moons']);
    expect(new Set(compare.chartRuns.map((r) => r.color)).size).toBe(3);
    expect(compare.chartRuns[0]!.reports.map((r) => r.dev?.loss)).toEqual(compare.runs[0]!.metrics.map((m) => m.devLoss));
    compare.close();
    expect(compare.open).toBe(false);
  });

  it('refuses nine runs without asking the host, and shows the host’s refusal', async () => {
    const host = fakeHistoryHost(20);
    const compare = new CompareState(host.client);
    expect(await compare.compare(Array.from({ length: 9 }, (_, i) => `run-${i + 1}`))).toBe(false);
    expect(host.calls).toEqual([]);
    expect(await compare.compare(['run-1', 'run-999'])).toBe(false);
    expect(compare.error).toBe('A run to compare is not in history.');
  });
});

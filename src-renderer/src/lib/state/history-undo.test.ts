import { describe, expect, it } from 'vitest';
import { fakeHistoryHost, manualSchedule } from './history-fake-host';
import { UndoState } from './history-undo.svelte';

describe('UndoState', () => {
  it('deletes, offers Undo until the host’s deadline, and undoes', async () => {
    const host = fakeHistoryHost(10);
    const clock = manualSchedule();
    const undo = new UndoState(host.client, { schedule: clock.schedule, now: () => Date.UTC(2025, 5, 1) });
    expect(await undo.delete(['run-1', 'run-2'])).toEqual(['run-1', 'run-2']);
    expect(undo.message).toBe('Deleted 2 runs');
    expect(undo.pending?.runIds).toEqual(['run-1', 'run-2']);
    expect([...host.hidden]).toEqual(['run-1', 'run-2']);
    clock.advance(4999);
    expect(undo.pending).not.toBeNull();
    expect(await undo.undo()).toBe(true);
    expect(host.hidden.size).toBe(0);
    expect(undo.pending).toBeNull();
    expect(undo.notice).toBe('Restored 2 runs');
  });

  it('stops offering Undo at the deadline', async () => {
    const host = fakeHistoryHost(10);
    const clock = manualSchedule();
    const undo = new UndoState(host.client, { schedule: clock.schedule, now: () => Date.UTC(2025, 5, 1) });
    await undo.delete(['run-3']);
    expect(undo.message).toBe('Deleted 1 run');
    clock.advance(5000);
    expect(undo.pending).toBeNull();
    expect(await undo.undo()).toBe(false);
    expect(host.hidden.has('run-3')).toBe(true);
  });

  it('shows the refusal for a live run and loses nothing', async () => {
    const host = fakeHistoryHost(10);
    host.rows[3]!.status = 'running';
    const undo = new UndoState(host.client);
    expect(await undo.delete(['run-1', 'run-4'])).toBeNull();
    expect(undo.error).toBe('run-4 is still running: stop it before deleting it.');
    expect(host.hidden.size).toBe(0);
    expect(undo.pending).toBeNull();
  });
});

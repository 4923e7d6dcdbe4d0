/**
 * Two processes on one database: while another process holds a write transaction, a flush waits
 * for it (the busy timeout) instead of failing, and both processes' writes end up in the file.
 * Opening the file while another process trains leaves that process's run alone (its owner is
 * alive and its heartbeat fresh); a run whose owner stopped beating is marked interrupted.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { SqliteRunStore } from './sqlite-run-store';
import { storedStepCount } from './step-chunks';
import { tempFolder } from './test-files';
import { runningSummary } from '../training/service-fixtures';
import { stepColumnsOf } from '@shared/training/step-columns';

const root = join(import.meta.dirname, '../../..');
const trainer = join(import.meta.dirname, 'crash-child.ts');
const folder = tempFolder();
afterAll(() => folder.remove());

/** Holds a write transaction for `holdMs`, then commits the design it wrote. */
const holder = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO designs (name, created_at) VALUES ('from the other process', '2026-12-02')").run();
console.log('locked');
setTimeout(() => { db.exec('COMMIT'); db.close(); console.log('committed'); }, Number(process.argv[2]));
`;

const summary = runningSummary;

describe('two processes on one database', () => {
  it('a flush waits for the other process to commit (busy timeout) instead of failing; without a timeout the same write fails SQLITE_BUSY', async () => {
    const file = folder.file('shared.db');
    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    const store = new SqliteRunStore(opened.db, { flushIntervalMs: 60_000 });
    store.saveSummary(summary);
    store.appendSteps('run-1', stepColumnsOf([{ step: 1, epoch: 1, loss: 0.5, learningRate: 0.1 }]));

    const child = spawn(process.execPath, ['-e', holder, file, '700'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    expect(first).toBe('locked');

    const impatient = new Database(file);
    impatient.pragma('busy_timeout = 0');
    expect(() => impatient.prepare("INSERT INTO designs (name, created_at) VALUES ('impatient', '2026-12-02')").run()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    impatient.close();

    // Blocks (in SQLite's busy handler) until the child commits, well within the 5 s timeout.
    expect(store.flush()).toBe(true);
    await once(child, 'exit');
    expect(child.exitCode).toBe(0);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT name FROM designs ORDER BY id').pluck().all()).toEqual(['from the other process']);
    expect(storedStepCount(check)).toBe(1);
    check.close();
    store.close();
  });

  it('a process opening the file while another trains does not mark that run interrupted; once its owner stops beating (hung), it does', async () => {
    const file = folder.file('owned.db');
    // The trainer flushes (and beats) every 200 ms and says when an epoch is committed.
    const child = spawn(process.execPath, ['--import', 'tsx', trainer, file, '200'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const committed: number[] = [];
    let runId = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [word, id, epoch] = line.split(' ');
      if (word === 'started') runId = id!;
      if (word === 'committed') committed.push(Number(epoch));
    });
    const waitForEpochs = async (count: number) => {
      while (committed.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      await waitForEpochs(1);
      const opened = openDatabase(file);
      if (!opened.ok) throw new Error(opened.message);
      const other = new SqliteRunStore(opened.db, { flushIntervalMs: 60_000 });
      expect(other.interruptedAtOpen).toBe(0);
      expect(other.summary(runId)!.state).toBe('running');
      // The trainer keeps recording after the second process opened.
      const before = committed.length;
      await waitForEpochs(before + 2);
      expect(other.summary(runId)!.state).toBe('running');
      other.close();

      // Hung: alive but silent. After more than the stale time without a heartbeat, an open marks it.
      child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 700));
      const reopened = openDatabase(file);
      if (!reopened.ok) throw new Error(reopened.message);
      const later = new SqliteRunStore(reopened.db, { flushIntervalMs: 60_000, staleAfterMs: 400 });
      expect(later.interruptedAtOpen).toBe(1);
      expect(later.summary(runId)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/closed or crashed/) });
      later.close();
    } finally {
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    }
  }, 30_000);
});

/**
 * Two processes on one database: while another process holds a write transaction, a flush waits
 * for it (the busy timeout) instead of failing, and both processes' writes end up in the file.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { SqliteRunStore } from './sqlite-run-store';
import { tempFolder } from './test-files';
import { runningSummary } from '../training/service-fixtures';

const root = join(import.meta.dirname, '../../..');
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
    store.appendSteps('run-1', [{ step: 1, epoch: 1, loss: 0.5, learningRate: 0.1 }]);

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
    expect(check.prepare('SELECT count(*) FROM step_metrics').pluck().get()).toBe(1);
    check.close();
    store.close();
  });
});

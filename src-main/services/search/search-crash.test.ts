/**
 * Resume after a crash: a child process runs a search with real workers and is killed with SIGKILL
 * while its third trial trains. Reopening the database marks the search interrupted (and the run
 * it was training); search:resume trains only the trials that had not finished, leaves the
 * finished ones exactly as they were, and the search completes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../history/database';
import { SqliteRunStore } from '../history/sqlite-run-store';
import { tempFolder } from '../history/test-files';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { LocalTrialExecutor } from './local-executor';
import { SearchService } from './search-service';

const root = join(import.meta.dirname, '../../..');
const childScript = join(import.meta.dirname, 'search-crash-child.ts');
const folder = tempFolder();
afterAll(() => folder.remove());

/** Runs the child until its third trial (index 2) has trained an epoch, then kills it. */
async function searchAndKill(file: string): Promise<{ searchId: string; ended: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const seen = { searchId: '', ended: [] as number[] };
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, a] = line.split(' ');
      if (word === 'search') seen.searchId = a!;
      if (word === 'ended') seen.ended.push(Number(a));
      if (word === 'epoch' && a === '2') {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the child ended by itself (code ${code}): ${stderr}`)));
  });
  const [code, signal] = (await exited) as [number | null, string | null];
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
  return seen;
}

describe('a search killed mid-way', () => {
  it('is interrupted at the next open, and resume trains only its unfinished trials, keeping the finished ones as they were', async () => {
    const file = folder.file('crash.db');
    const killed = await searchAndKill(file);
    expect(killed.ended).toEqual([0, 1]);

    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.message);
    const store = new SqliteRunStore(opened.db);
    const training = new TrainingService({ emit: () => {}, store, worker: sourceWorkerEntry(), maxConcurrent: 2 });
    const runsStarted: string[] = [];
    training.observe({ onState: (run) => run.state === 'running' && !runsStarted.includes(run.runId) && runsStarted.push(run.runId) });
    try {
      const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {} });
      expect(search.interruptedAtOpen).toBe(1);
      expect(store.interruptedAtOpen).toBe(1);
      const before = search.get({ searchId: killed.searchId });
      expect(before.summary).toMatchObject({ status: 'interrupted', done: 2 });
      expect(before.summary.error).toMatch(/search:resume/);
      const finished = before.trials.filter((trial) => trial.index < 2).sort((a, b) => a.index - b.index);
      expect(finished.map((trial) => trial.status)).toEqual(['completed', 'completed']);
      const unfinished = before.trials.filter((trial) => trial.index >= 2);
      expect(unfinished.every((trial) => trial.status === 'pending' && trial.runId === null && trial.steps === 0)).toBe(true);

      const resumed = await search.resume({ searchId: killed.searchId });
      expect(resumed.status).toBe('running');
      const ended = await search.waitFor(killed.searchId);
      expect(ended).toMatchObject({ status: 'completed', done: 5, error: null, steps: 5 * 300 * 10 });
      const after = search.get({ searchId: killed.searchId }).trials.sort((a, b) => a.index - b.index);
      expect(after.slice(0, 2)).toEqual(finished);
      expect(after.slice(2).every((trial) => trial.status === 'completed' && trial.steps === 3000 && trial.runId !== null)).toBe(true);
      // Only the three unfinished trials were trained again, each as a new run.
      expect(runsStarted.sort()).toEqual(after.slice(2).map((trial) => trial.runId!).sort());
      expect(runsStarted).not.toContain(finished[0]!.runId);
      await expect(search.resume({ searchId: killed.searchId })).rejects.toThrow(/it is completed/);
    } finally {
      await training.dispose();
    }
  }, 90_000);
});

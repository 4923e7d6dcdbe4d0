/**
 * Crash safety: a child process trains with the real TrainingService and SqliteRunStore and says
 * which epochs its flushes committed; it is killed with SIGKILL at a seeded-random moment, five
 * times on one database. After each kill the file passes integrity_check, every epoch the child
 * reported committed is there with every step up to it, and reopening marks its run interrupted.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '@shared/engine/rng';
import { openDatabase } from './database';
import { readReports } from './report-chunks';
import { readSteps } from './step-chunks';
import { SqliteRunStore } from './sqlite-run-store';
import { tempFolder } from './test-files';

const root = join(import.meta.dirname, '../../..');
const childScript = join(import.meta.dirname, 'crash-child.ts');
const folder = tempFolder();
afterAll(() => folder.remove());

interface Round {
  runId: string;
  committed: { epoch: number; lastStep: number }[];
}

/** Starts the child, waits for its first committed epoch plus `delayMs`, then kills it with SIGKILL. */
async function trainAndKill(file: string, delayMs: number): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, file, '200'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const round: Round = { runId: '', committed: [] };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, runId, epoch, lastStep] = line.split(' ');
      if (word === 'started') round.runId = runId!;
      if (word !== 'committed') return;
      round.committed.push({ epoch: Number(epoch), lastStep: Number(lastStep) });
      if (round.committed.length > 1) return;
      setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, delayMs);
    });
    child.once('exit', (code) => reject(new Error(`the child ended by itself (code ${code}): ${stderr}`)));
  });
  const [code, signal] = (await exited) as [number | null, string | null];
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
  return round;
}

describe('killed with SIGKILL while recording', () => {
  it('keeps an intact file with every committed epoch, and reopening marks the run interrupted, five times over', async () => {
    const file = folder.file('crash.db');
    const rng = createRng(20261202);
    const rounds: Round[] = [];
    for (let i = 0; i < 5; i += 1) {
      // Up to 1.5 s after the first commit: before, between and during the flushes that follow.
      const round = await trainAndKill(file, Math.floor(rng.next() * 1500));
      rounds.push(round);
      expect(round.committed.length).toBeGreaterThan(0);

      const raw = new Database(file);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const epochs = readReports(raw, round.runId, 1, Number.MAX_SAFE_INTEGER, ['epoch']).map((report) => report.epoch);
      for (const { epoch } of round.committed) expect(epochs).toContain(epoch);
      // Every step up to the last one reported committed is there, once, in order.
      const lastCommitted = Math.max(...round.committed.map((c) => c.lastStep));
      const steps = readSteps(raw, round.runId, 1, lastCommitted).map((point) => point.step);
      expect(steps).toEqual(Array.from({ length: lastCommitted }, (_, s) => s + 1));
      raw.close();

      const opened = openDatabase(file);
      if (!opened.ok) throw new Error(opened.message);
      const store = new SqliteRunStore(opened.db, { flushIntervalMs: 60_000 });
      expect(store.interruptedAtOpen).toBe(1);
      expect(store.list().map((run) => [run.runId, run.state])).toEqual(rounds.map((r) => [r.runId, 'interrupted']).reverse());
      expect(store.get(round.runId, lastCommitted, 1)!.steps.map((point) => point.step)).toEqual([lastCommitted]);
      expect(store.summary(round.runId)!.step).toBeGreaterThanOrEqual(lastCommitted);
      store.close();
    }
    expect(new Set(rounds.map((r) => r.runId)).size).toBe(5);
  }, 60_000);
});

/**
 * The web host keeps runs across restarts: the built entry (out/main/web.js; run `npx electron-vite
 * build` first) trains a run through the contract on a --db file, stops (SIGTERM), starts again on
 * the same file, and training:get answers with the earlier run and all its steps (training:list is this launch's);
 * history:list and history:get find it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunHistory, RunSummary } from '@shared/api';
import { moonsStart } from '../training/service-fixtures';
import { tempFolder } from './test-files';

const webEntry = join(import.meta.dirname, '../../../out/main/web.js');
const folder = tempFolder();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startHost(db: string): Promise<{ child: ChildProcess; call: (channel: string, payload: unknown) => Promise<unknown>; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [webEntry, '--port', '0', '--json', '--data', folder.file('data'), '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  await once(ws, 'open');
  const waiting = new Map<number, (value: unknown) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: unknown } };
    if (message.type !== 'result' || message.id === undefined) return;
    waiting.get(message.id)?.(message.result!.ok ? message.result!.value : Promise.reject(new Error(JSON.stringify(message.result!.error))));
    waiting.delete(message.id);
  });
  let nextId = 1;
  const call = (channel: string, payload: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ type: 'call', id, channel, payload }));
    });
  const close = async () => {
    ws.close();
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  };
  return { child, call, close };
}

describe('the web host on --db', () => {
  it('shows a run trained before a restart as completed, with every step, from the same database file', async () => {
    if (!existsSync(webEntry)) throw new Error(`${webEntry} is missing: run \`npx electron-vite build\` before this test.`);
    const db = folder.file('history.db');
    const first = await startHost(db);
    const started = (await first.call('training:start', moonsStart(3))) as RunSummary;
    // 200 moons, 80 % train, batches of 16: 10 steps an epoch, 30 in 3 epochs.
    let run = started;
    while (run.state === 'queued' || run.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = ((await first.call('training:list', {})) as { runs: RunSummary[] }).runs.find((r) => r.runId === started.runId)!;
    }
    expect(run.state).toBe('completed');
    await first.close();
    expect(first.child.exitCode).toBe(0);

    const second = await startHost(db);
    // training:list is this launch's runs (the Run panel's list); the earlier one is still there by its id.
    expect(((await second.call('training:list', {})) as { runs: RunSummary[] }).runs).toEqual([]);
    const history = (await second.call('training:get', { runId: started.runId })) as RunHistory;
    expect([history.run.runId, history.run.state, history.run.epoch, history.run.step]).toEqual([started.runId, 'completed', 3, 30]);
    expect(history.steps.map((point) => point.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(history.reports.filter((report) => report.kind === 'epoch').map((report) => report.epoch)).toEqual([1, 2, 3]);
    expect(history.run.result?.status).toBe('completed');
    // History (history:*) reads the same database through the web host.
    const page = (await second.call('history:list', {})) as { runs: { runId: string; status: string; epochs: number }[]; total: number };
    expect(page.runs.map((row) => [row.runId, row.status, row.epochs])).toEqual([[started.runId, 'completed', 3]]);
    const detail = (await second.call('history:get', { runId: started.runId })) as { design: unknown; metrics: unknown[] };
    expect([detail.design, detail.metrics.length]).toEqual([{ name: 'Course net', version: 1 }, 3]);
    // A new run continues the numbering instead of reusing an id.
    const next = (await second.call('training:start', moonsStart(1))) as RunSummary;
    expect(next.runId).not.toBe(started.runId);
    await second.close();
    folder.remove();
  }, 60_000);
});

/**
 * Starts the real built web host (`node out/main/web.js`) in its own process with a fresh data
 * folder for each test file, and gives specs its URL. Run `npm run build` first (npm test does).
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface WebHostInfo {
  /** The URL with its token, as printed. */
  url: string;
  /** http://127.0.0.1:PORT without the token. */
  origin: string;
  port: number;
  token: string;
  dataDir: string;
}

export const projectRoot = resolve(import.meta.dirname, '..');

export async function launchWebHost(dataDir: string): Promise<{ info: WebHostInfo; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(projectRoot, 'out/main/web.js'), '--json', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}: ${stderr}`)));
  });
  const { url, port, token } = JSON.parse(line) as { url: string; port: number; token: string };
  return { info: { url, port, token, origin: `http://127.0.0.1:${port}`, dataDir }, process: child };
}

export const test = base.extend<object, { webHost: WebHostInfo }>({
  webHost: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-e2e-'));
      const { info, process: child } = await launchWebHost(dataDir);
      await use(info);
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

/**
 * The desktop shell, end to end: launches the built app in Electron (run `npm run build` first)
 * and checks what the page can reach. Where no Electron binary is installed, as on machines that
 * cannot download it, the test is skipped and says so.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commandNames, methodName } from '../src-shared/api/contract';
import { electronBinaryPath } from '../scripts/electron-binary.mjs';

const root = resolve(import.meta.dirname, '..');
// Looked up through path.txt and dist/, never `require('electron')`, which downloads a missing binary.
const binary = electronBinaryPath(root);
const skipReason = 'Electron e2e skipped: no Electron binary is installed here (it cannot be downloaded on this machine).';

test('the desktop window exposes exactly the contract on window.api, and no Node', async () => {
  if (!binary) console.log(skipReason);
  test.skip(!binary, skipReason);

  const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-electron-e2e-'));
  // Chromium refuses its sandbox as root (CI containers) unless told otherwise.
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await electron.launch({
    executablePath: binary!,
    args: [...rootArgs, root],
    cwd: root,
    // A fresh data folder; and no dev server URL, so the built files are what is tested.
    env: Object.fromEntries(
      Object.entries({ ...process.env, DEEPWIRE_DATA: dataDir }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'ELECTRON_RENDERER_URL',
      ),
    ),
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.title()).toBe('Deepwire');

    const keys = await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort());
    expect(keys).toEqual([...commandNames.map(methodName), 'on'].sort());
    const allFunctions = await page.evaluate(() =>
      Object.values((window as unknown as { api: Record<string, unknown> }).api).every((value) => typeof value === 'function'),
    );
    expect(allFunctions).toBe(true);

    const globals = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return { require: typeof scope.require, process: typeof scope.process, module: typeof scope.module, Buffer: typeof scope.Buffer };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });

    const info = await page.evaluate(() => (window as unknown as { api: { appInfo(r: object): Promise<unknown> } }).api.appInfo({}));
    expect(info).toMatchObject({ ok: true, value: { name: 'Deepwire', host: 'electron', dataDir } });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/**
 * Export a trained model from the app, in Chromium through the web host: a run trained from the
 * Run tab, opened in History, "Export model…" → ONNX → Export, and the browser receives a download
 * named after the design, *.onnx. A diverged run offers no export (it kept no model).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, launchWebHost, test, type WebHostInfo } from './fixtures';

const panel = (page: Page) => page.getByTestId('run-panel');

async function setField(page: Page, label: string, value: string) {
  const field = panel(page).getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

test('a trained run is exported from History as ONNX: a .onnx download', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-e2e-export-'));
  let host: { info: WebHostInfo; process: ChildProcess } | null = null;
  try {
    host = await launchWebHost(dataDir);
    await page.goto(`${host.info.url}&template=three-layer&view=design`);
    await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');
    await setField(page, 'Epochs', '5');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const states = page.getByRole('region', { name: 'Runs of this launch' }).locator('[data-state]');
    await expect(states.filter({ hasText: 'completed' })).toHaveCount(1, { timeout: 30_000 });

    // The Run tab offers the export of the ended run too.
    await expect(panel(page).getByRole('button', { name: 'Export model…' })).toBeVisible();

    await page.getByRole('tab', { name: 'History' }).click();
    const row = page.getByTestId('history-row');
    await expect(row).toHaveCount(1, { timeout: 10_000 });
    await row.first().click();
    const detail = page.getByTestId('run-detail');
    await detail.getByRole('button', { name: 'Export model…' }).click();
    const chooser = detail.getByTestId('model-export');
    await expect(chooser.getByRole('radio', { name: /ONNX/ })).toBeChecked();
    await expect(chooser).toContainText('every ONNX runtime reads it');

    const download = page.waitForEvent('download');
    const refusal = chooser.getByRole('alert');
    await chooser.getByRole('button', { name: 'Export', exact: true }).click();
    // A refusal shows in the chooser instead of a download: fail at once with what it says.
    const outcome = await Promise.race([download.then((file) => ({ file })), refusal.waitFor().then(async () => ({ refused: await refusal.textContent() }))]);
    expect(outcome).not.toHaveProperty('refused');
    const file = (outcome as { file: Awaited<typeof download> }).file;
    expect(file.suggestedFilename()).toMatch(/^[\w-]+\.onnx$/);
    await expect(chooser.getByRole('status')).toContainText(file.suggestedFilename());
    await expect(chooser.getByRole('alert')).toHaveCount(0);
  } finally {
    host?.process.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

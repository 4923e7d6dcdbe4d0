/**
 * Experiment history end to end, in Chromium through the web host: two runs trained from the Run
 * tab, the web host stopped and started again on the same database, both runs found in the History
 * tab, compared (only the learning rate differs), one restored into the editor, and one continued
 * from its final weights as a new linked run.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, launchWebHost, test, type WebHostInfo } from './fixtures';

const panel = (page: Page) => page.getByTestId('run-panel');
const status = (page: Page) => page.getByLabel('Run status');
const rows = (page: Page) => page.getByTestId('history-row');

async function setField(page: Page, label: string, value: string) {
  const field = panel(page).getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

/** Trains one more run and waits until this launch's list shows `runs` runs, every one completed. */
async function trainOnce(page: Page, learningRate: string, runs: number) {
  await setField(page, 'Learning rate', learningRate);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const states = page.getByRole('region', { name: 'Runs of this launch' }).locator('[data-state]');
  await expect(states).toHaveCount(runs);
  await expect(states.filter({ hasText: 'completed' })).toHaveCount(runs, { timeout: 30_000 });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

test('two runs survive a restart, are compared, restored and continued from History', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-e2e-history-'));
  let host: { info: WebHostInfo; process: ChildProcess } | null = null;
  try {
    host = await launchWebHost(dataDir);
    await page.goto(`${host.info.url}&template=three-layer&view=design`);
    await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');
    await setField(page, 'Epochs', '20');
    await trainOnce(page, '0.1', 1);
    await trainOnce(page, '0.03', 2);

    // A new web host on the same data folder opens the same database.
    host.process.kill('SIGTERM');
    await stopped(host.process);
    host = await launchWebHost(dataDir);
    await page.goto(`${host.info.url}&view=history`);

    await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    await expect(rows(page)).toHaveCount(2, { timeout: 10_000 });
    await expect(page.getByTestId('history-count')).toContainText('2 runs');
    for (const row of await rows(page).all()) {
      await expect(row).toContainText('moons');
      await expect(row).toContainText(/completed/i);
    }
    const ids = await rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-run-id')!));
    const [newer, older] = ids as [string, string];

    // Compare: the learning rate is the one setting that differs, with each run's value.
    for (const id of ids) await page.getByRole('checkbox', { name: `Check ${id}` }).check();
    await page.getByRole('button', { name: 'Compare (2)' }).click();
    const compare = page.getByTestId('compare-view');
    await expect(compare).toBeVisible();
    const differences = page.getByTestId('compare-differences');
    await expect(differences).toContainText(/learning ?rate/i);
    await expect(differences).toContainText('0.03');
    await expect(differences).toContainText('0.1');
    await expect(differences).not.toContainText(/epochs|moons/i);
    await page.getByRole('button', { name: 'Back to runs' }).click();

    // Restore the older run (α 0.1): its design and settings come back into the editor.
    await page.locator(`[data-testid="history-row"][data-run-id="${older}"]`).click();
    const detail = page.getByTestId('run-detail');
    await expect(detail).toContainText(older);
    await detail.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
    await expect(panel(page).getByRole('textbox', { name: 'Learning rate', exact: true })).toHaveValue('0.1');
    await expect(panel(page).getByRole('textbox', { name: 'Epochs', exact: true })).toHaveValue('20');

    // Continue the newer run from its final weights: a new run, linked to it, that starts where it ended.
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator(`[data-testid="history-row"][data-run-id="${newer}"]`).click();
    await expect(detail).toContainText(newer);
    await detail.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
    await expect(status(page)).toContainText('completed', { timeout: 30_000 });

    await page.getByRole('tab', { name: 'History' }).click();
    await expect(rows(page)).toHaveCount(3, { timeout: 10_000 });
    const continued = rows(page).first();
    await expect(continued).toContainText('(continued)');
    await continued.click();
    await expect(detail).toContainText(`continued from ${newer}`);
  } finally {
    host?.process.kill('SIGTERM');
    if (host) await stopped(host.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

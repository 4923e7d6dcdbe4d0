/**
 * Hyperparameter search end to end, in Chromium through the web host: a small caviar search on
 * moons whose winner opens as a run, a coarse-to-fine child of it, panda babysitting one run (two
 * interventions and a rollback to a checkpoint), and the arena with both sides drawn (and one stopped from the page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, launchWebHost, test as shared, type WebHostInfo } from './fixtures';

/** A web host of this file's own (the override keeps the fixture's worker scope): searches fill "runs of this launch", which other spec files expect empty. */
const test = shared.extend<{ webHost: WebHostInfo }>({
  // eslint-disable-next-line no-empty-pattern
  webHost: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-e2e-search-'));
    const { info, process: child } = await launchWebHost(dataDir);
    await use(info);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  },
});

const panel = (page: Page) => page.getByTestId('run-panel');
const status = (page: Page) => page.getByLabel('Run status');

async function setField(page: Page, label: string, value: string) {
  const field = panel(page).getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

/** The course's 2 → 10 → 5 → 1 net with moons picked in the Run tab (the base of searches and the arena). */
async function courseNetOnMoons(page: Page, url: string) {
  await page.goto(`${url}&template=three-layer&view=design`);
  // The first view after earlier tests' runs (their charts load too) can take longer than 5 s on a busy 2-core machine.
  await expect(page.locator('.svelte-flow__node')).toHaveCount(8, { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');
}

test('a caviar search on moons, its winner opened as a run, and a coarse-to-fine child', async ({ page, webHost }) => {
  test.setTimeout(120_000);
  await courseNetOnMoons(page, webHost.url);
  await page.getByRole('tab', { name: 'Search', exact: true }).click();
  await page.getByTestId('search-new-button').click();
  const form = page.getByTestId('search-new');
  await form.getByRole('checkbox', { name: 'Vary Optimizer' }).check();
  await form.getByRole('textbox', { name: 'Trials', exact: true }).fill('6');
  await form.getByRole('textbox', { name: 'Epochs per trial', exact: true }).fill('6');
  await page.getByTestId('search-start').click();

  const detail = page.getByTestId('search-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('search-leaderboard').locator('[data-testid^="search-trial-"]')).toHaveCount(6, { timeout: 20_000 });
  await expect(page.getByTestId('search-stop')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('search-best')).toContainText(/\d/);

  // The winner opens as a run in the Design view's Run tab.
  await page.getByTestId('search-open-winner').click();
  await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel(page)).toContainText(/search-1 · trial \d/);

  // Coarse to fine: a child search narrowed around the best trials, drawn under its parent.
  await page.getByRole('tab', { name: 'Search', exact: true }).click();
  await detail.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByTestId('search-narrow')).toBeVisible();
  await page.getByTestId('search-start-child').click();
  await expect(page.getByTestId('search-item-search-2')).toBeVisible({ timeout: 20_000 });
  await expect(detail).toContainText(/narrows/i);
  await expect(page.getByTestId('search-stop')).toBeHidden({ timeout: 60_000 });
});

test('panda: babysit one run with two interventions and a rollback to a checkpoint', async ({ page, webHost }) => {
  test.setTimeout(90_000);
  await courseNetOnMoons(page, webHost.url);
  await setField(page, 'Samples', '4000');
  await setField(page, 'Mini-batch size', '8');
  await setField(page, 'Epochs', '2000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText('running', { timeout: 20_000 });

  for (const rate of ['0.05', '0.02']) {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(status(page)).toContainText('paused');
    await setField(page, 'Learning rate', rate);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Interventions' })).toContainText(`α ${rate}`);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect(status(page)).toContainText('running');
  }

  // A checkpoint is kept every 200 epochs of 2,000, and at a stop: wait for the first, then roll back to it.
  const checkpoints = page.getByTestId('run-checkpoints');
  await expect(checkpoints.getByTestId('checkpoint').first()).toBeVisible({ timeout: 60_000 });
  const epoch = await checkpoints.getByTestId('checkpoint').first().getAttribute('data-epoch');
  const source = /run-\d+/.exec((await status(page).textContent()) ?? '')![0];
  // Paused first, as a person looks before going back: on a fast machine the source could otherwise end its
  // 2,000 epochs between the checkpoint showing and the rollback arriving, and end completed, not stopped.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(status(page)).toContainText('paused');
  await checkpoints.getByRole('button', { name: `Roll back to epoch ${epoch}` }).click();
  await page.getByTestId('rollback-form').getByRole('button', { name: 'Roll back', exact: true }).click();

  // The branch is selected: its lineage lists the source's changes up to the checkpoint, then the rollback.
  const changes = page.getByTestId('run-interventions');
  await expect(changes.locator('[data-kind="rollback"]')).toContainText(`rolled back to epoch ${epoch}`, { timeout: 20_000 });
  await expect(panel(page)).toContainText(`(branch from epoch ${epoch})`);
  await expect(status(page)).toContainText(/queued|running|completed/);
  // The source keeps both interventions, and it was stopped (from paused) for the branch.
  await page.getByRole('region', { name: 'Runs of this launch' }).getByRole('button', { name: new RegExp(`^${source} `) }).click();
  await expect(changes.locator('[data-kind="intervention"]')).toHaveCount(2);
  await expect(status(page)).toContainText('stopped', { timeout: 15_000 });
});

test('the arena races panda against caviar on one budget and shows both sides', async ({ page, webHost }) => {
  test.setTimeout(120_000);
  await courseNetOnMoons(page, webHost.url);
  await page.getByRole('tab', { name: 'Search', exact: true }).click();
  await page.getByRole('tab', { name: 'Arena', exact: true }).click();
  const arena = page.getByTestId('arena-view');
  await arena.locator('#arena-budgetSteps').fill('600');
  await arena.locator('#arena-trials').fill('4');
  await arena.getByRole('button', { name: 'Start the arena' }).click();

  await expect(page.getByTestId('arena-verdict')).toHaveAttribute('data-winner', /panda|caviar|tie/, { timeout: 90_000 });
  await expect(page.getByTestId('arena-verdict')).toContainText(/panda|caviar|tie/i);
  await expect(page.getByTestId('arena-panda')).toContainText(/\d/);
  await expect(page.getByTestId('arena-caviar')).toContainText(/\d/);
  await expect(page.getByRole('img', { name: /Both sides: best dev/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Past arenas' }).getByTestId('arena-row')).toHaveCount(1);

  // A second arena with a budget too large to wait for, stopped from the page.
  await arena.locator('#arena-budgetSteps').fill('5000000');
  await arena.getByRole('button', { name: 'Start the arena' }).click();
  await expect(page.getByTestId('arena-verdict')).toContainText('Racing', { timeout: 20_000 });
  await arena.getByRole('button', { name: 'Stop arena' }).click();
  await expect(page.getByTestId('arena-verdict')).toContainText(/stopped/i, { timeout: 20_000 });
  await expect(arena.getByRole('button', { name: 'Stop arena' })).toBeHidden();
  await expect(page.getByRole('list', { name: 'Past arenas' }).getByTestId('arena-row')).toHaveCount(2);
});

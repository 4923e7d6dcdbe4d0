/**
 * Training in the app end to end, in Chromium through the web host: the course's 2 → 10 → 5 → 1
 * template on moons, trained from the Run tab while the loss falls and the decision boundary
 * appears, its results and diagnosis at the end; pause, a new learning rate, resume and stop; and
 * the gradient check with its worst layer marked on the canvas. Needs the training service.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const panel = (page: Page) => page.getByTestId('run-panel');
const status = (page: Page) => page.getByLabel('Run status');
const progress = (page: Page) => page.getByRole('progressbar', { name: 'Training progress' });

async function openRunTab(page: Page, url: string) {
  await page.goto(`${url}&template=three-layer`);
  await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');
}

/** The first and latest mini-batch loss the panel shows ("loss 0.693 → 0.214"). */
async function lossSpan(page: Page): Promise<{ first: number; last: number }> {
  const text = (await panel(page).getByLabel('Loss', { exact: true }).textContent()) ?? '';
  const [first, last] = text.replace('loss', '').split('→').map((part) => Number(part.trim()));
  return { first: first!, last: last! };
}

async function setField(page: Page, label: string, value: string) {
  // Scoped to the panel: the charts name a canvas "Learning rate" too.
  const field = panel(page).getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

test('trains moons: the loss falls, the boundary appears, results and diagnosis at the end', async ({ page, webHost }) => {
  await openRunTab(page, webHost.url);
  await setField(page, 'Learning rate', '0.1');
  await setField(page, 'Epochs', '40');
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  await expect(status(page)).toContainText(/queued|running|completed/);
  await expect(page.getByRole('img', { name: 'Decision boundary' })).toBeVisible({ timeout: 20_000 });
  await expect(status(page)).toContainText('completed', { timeout: 30_000 });
  await expect(progress(page)).toHaveAttribute('aria-valuenow', /\d+/);

  const loss = await lossSpan(page);
  // Untrained, a sigmoid output says ≈ 0.5 to everything: loss ≈ ln 2 ≈ 0.69; 40 epochs on moons end far below.
  expect(loss.last).toBeLessThan(loss.first * 0.7);

  await expect(page.getByLabel('Train accuracy')).toHaveText(/\d+\.\d %/);
  await expect(page.getByLabel('Dev accuracy')).toHaveText(/\d+\.\d %/);
  await expect(page.getByLabel('Test accuracy')).toHaveText(/\d+\.\d %/);
  await expect(page.getByLabel('Diagnosis')).toContainText(/bias|variance/i);
  await expect(page.getByRole('region', { name: 'Runs of this launch' })).toContainText('moons');
});

test('pause, a new learning rate, resume and stop', async ({ page, webHost }) => {
  await openRunTab(page, webHost.url);
  await setField(page, 'Samples', '4000');
  await setField(page, 'Mini-batch size', '8');
  await setField(page, 'Epochs', '2000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText('running', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(status(page)).toContainText('paused');
  await setField(page, 'Learning rate', '0.02');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const interventions = page.getByRole('list', { name: 'Interventions' });
  await expect(interventions).toContainText('α 0.02');
  // Only what changed travels: the untouched λ and batch size are no interventions.
  await expect(interventions).not.toContainText(/λ|batch/);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(status(page)).toContainText('running');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(status(page)).toContainText('stopped', { timeout: 20_000 });
  await expect(page.getByLabel('Train accuracy')).toHaveText(/\d+\.\d %/);
});

test('checks gradients from the UI and marks the worst layer on the canvas', async ({ page, webHost }) => {
  await openRunTab(page, webHost.url);
  await page.getByRole('button', { name: 'Check gradients' }).click();
  const report = page.getByRole('region', { name: /Gradient check/ });
  await expect(report).toContainText(/good|look closer|wrong|inconclusive/, { timeout: 30_000 });
  await expect(report.getByRole('table', { name: 'Relative difference per layer' }).getByRole('row')).not.toHaveCount(1);
  const marked = page.getByTestId('node-mark');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('Gradient check');
});

test('a design with dropout offers its keep probability as a change while it trains', async ({ page, webHost }) => {
  await page.goto(`${webHost.url}&template=batchnorm-dropout`);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');
  await setField(page, 'Epochs', '100000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText('running', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(status(page)).toContainText('paused');
  await setField(page, 'Keep probability', '0.5');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const interventions = page.getByRole('list', { name: 'Interventions' });
  await expect(interventions).toContainText('keep 0.5');
  await expect(interventions).not.toContainText(/α|λ|batch/);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(status(page)).toContainText('stopped', { timeout: 20_000 });
});

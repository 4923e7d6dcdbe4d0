/**
 * A search on a Redis queue end to end, nothing mocked: a real redis-server on a loopback port, one
 * `deepwire worker` process (the built CLI) joined to it, and the web host. From the app: "Run on:
 * Queue", Check lists the worker, Start: a small search completes with every trial trained by that
 * worker (the leaderboard and the cards name it, never "local"); a long one shows, while it trains,
 * its Queue block connected with that worker busy, and is stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startRedis, type TestRedis } from '../src-main/queue/test-redis';
import { expect, launchWebHost, projectRoot, test as shared, type WebHostInfo } from './fixtures';

async function setField(page: Page, label: string, value: string) {
  const field = page.getByTestId('run-panel').getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

interface QueueWorkerProcess {
  /** "<host>/<pid>": how the queue and each trial name it. */
  name: string;
  process: ChildProcess;
  output: () => string;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // A worker ends after its current trial; a second signal (or SIGKILL, if that hangs) ends it at once.
  const again = setTimeout(() => child.kill('SIGTERM'), 5_000);
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(again);
  clearTimeout(kill);
}

/** Each test has its own Redis, worker and web host, all stopped (and their folders removed) whatever happens. */
const test = shared.extend<{ redis: TestRedis; worker: QueueWorkerProcess; webHost: WebHostInfo }>({
  // eslint-disable-next-line no-empty-pattern
  redis: async ({}, use) => {
    const redis = await startRedis();
    try {
      await use(redis);
    } finally {
      await redis.stop();
    }
  },
  worker: async ({ redis }, use) => {
    const child = spawn(process.execPath, [join(projectRoot, 'out/main/cli.js'), 'worker', '--queue', redis.url, '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    try {
      await use({ name: `${hostname()}/${child.pid}`, process: child, output: () => output });
    } finally {
      await stopProcess(child);
    }
  },
  // eslint-disable-next-line no-empty-pattern
  webHost: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deepwire-e2e-queue-'));
    const { info, process: child } = await launchWebHost(dataDir);
    try {
      await use(info);
    } finally {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

test('a search on a Redis queue: the worker that joined is listed and trains every trial', async ({ page, webHost, redis, worker }) => {
  test.setTimeout(120_000);
  await page.goto(`${webHost.url}&template=three-layer&view=design`);
  await expect(page.locator('.svelte-flow__node')).toHaveCount(8);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('moons');

  await page.getByRole('tab', { name: 'Search', exact: true }).click();
  await page.getByTestId('search-new-button').click();
  const form = page.getByTestId('search-new');
  await form.getByRole('textbox', { name: 'Trials', exact: true }).fill('4');
  await form.getByRole('textbox', { name: 'Epochs per trial', exact: true }).fill('3');

  // Run on the queue: the URL is checked as typed, and Check lists the worker once it has joined.
  await form.getByRole('radio', { name: 'Queue' }).check();
  const url = form.getByRole('textbox', { name: 'Redis URL' });
  await url.fill('http://127.0.0.1');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('search-start')).toBeDisabled();
  await url.fill(redis.url);
  await expect(url).not.toHaveAttribute('aria-invalid', 'true');
  const listed = page.getByTestId('search-queue-workers').locator(`[data-worker="${worker.name}"]`);
  await expect(async () => {
    await page.getByTestId('search-queue-check').click();
    await expect(page.getByTestId('search-queue-check-result')).toContainText('Connected', { timeout: 2_000 });
    await expect(listed).toBeVisible({ timeout: 1_000 });
  }, `the worker ${worker.name} joins the queue (its output: ${worker.output()})`).toPass({ timeout: 30_000 });

  // A small search: it completes, every trial trained by that worker.
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('search-detail')).toBeVisible();
  const rows = page.getByTestId('search-leaderboard').locator('[data-testid^="search-trial-"]');
  await expect(rows).toHaveCount(4, { timeout: 20_000 });
  await expect(page.getByTestId('search-stop')).toBeHidden({ timeout: 90_000 });
  await expect(page.getByTestId('search-best')).toContainText(/\d/);
  expect(await page.getByTestId('leaderboard-worker').allTextContents()).toEqual([worker.name, worker.name, worker.name, worker.name]);
  await expect(page.getByTestId('search-card-0')).toContainText(`on ${worker.name}`);
  // Ended, it still says which queue its trials went through.
  await expect(page.getByTestId('search-queue')).toContainText(redis.url);
  await expect(page.getByTestId('search-queue')).toContainText('Search ended');
  // Its steps stayed on the worker: each card draws the trial's training loss epoch by epoch instead.
  for (let index = 0; index < 4; index++) await expect(page.getByTestId(`search-card-${index}`).getByRole('img', { name: `Loss of trial ${index}` })).toBeVisible();

  // A long one (many steps per epoch): while it trains, its Queue block shows the queue connected and the worker busy.
  await page.getByRole('tab', { name: 'Design' }).click();
  await setField(page, 'Samples', '4000');
  await setField(page, 'Mini-batch size', '8');
  await page.getByRole('tab', { name: 'Search', exact: true }).click();
  await page.getByTestId('search-new-button').click();
  await form.getByRole('textbox', { name: 'Trials', exact: true }).fill('2');
  await form.getByRole('textbox', { name: 'Epochs per trial', exact: true }).fill('20000');
  // The queue URL is remembered from the first search.
  await expect(form.getByRole('radio', { name: 'Queue' })).toBeChecked();
  await expect(url).toHaveValue(redis.url);
  await page.getByTestId('search-start').click();
  const queue = page.getByTestId('search-queue');
  await expect(queue).toContainText(redis.url);
  await expect(queue).toContainText('Connected');
  const busy = queue.locator(`[data-worker="${worker.name}"]`);
  await expect(busy).toBeVisible({ timeout: 20_000 });
  await expect(busy.locator('td').nth(2)).not.toHaveText('0');
  await expect(page.getByTestId('leaderboard-worker').first()).toHaveText(worker.name);
  await page.getByTestId('search-stop').click();
  await expect(page.getByTestId('search-stop')).toBeHidden({ timeout: 20_000 });
});

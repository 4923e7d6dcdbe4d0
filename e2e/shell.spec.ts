/**
 * The UI shell in a real browser through the web host: layout, theme, splitters, tabs, the
 * connection line, the canvas, keyboard focus, and no overflow at common window sizes.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const html = (page: Page) => page.locator('html');
const widthOf = async (locator: Locator) => Math.round((await locator.boundingBox())!.width);
const heightOf = async (locator: Locator) => Math.round((await locator.boundingBox())!.height);

test.beforeEach(async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('status-chip')).toContainText('Connected');
});

test('renders the toolbar, palette, canvas, inspector and bottom panel', async ({ page }) => {
  await expect(page.getByRole('banner')).toContainText('Deepwire');
  const palette = page.getByRole('complementary', { name: 'Layers' });
  await expect(palette.getByRole('heading', { name: 'Layers', exact: true })).toBeVisible();
  await expect(palette.getByRole('button', { name: 'Dense', exact: true })).toBeVisible();
  await expect(page.getByRole('main', { name: 'Design canvas' })).toBeVisible();
  await expect(page.getByText('Drag layers from the palette to start a design')).toBeVisible();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Inspector' })).toBeVisible();
  await expect(inspector).toContainText('Select a node to edit its settings');
  await expect(page.getByRole('region', { name: 'Training output' })).toBeVisible();

  // File actions are live; undo and redo wait for something to undo.
  for (const name of ['New', 'Open', 'Save', 'Save As']) await expect(page.getByRole('button', { name, exact: true })).toBeEnabled();
  for (const name of ['Undo', 'Redo']) await expect(page.getByRole('button', { name, exact: true })).toBeDisabled();
  await expect(page.getByTestId('status-chip')).toContainText('Web');
  await expect(page.getByTestId('app-info')).toContainText('(web)');
});

test('the theme toggle switches data-theme, restyles the canvas and persists across reload', async ({ page }) => {
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(toggle).toHaveAccessibleName('Theme: System (light). Switch to Dark');
  await toggle.click();
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.svelte-flow')).toHaveClass(/\bdark\b/);
  const background = await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');

  await page.reload();
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: /^Theme: Dark/ })).toBeVisible();

  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(page.getByRole('button', { name: /^Theme: System/ })).toBeVisible();
});

test('follows the system colour scheme while in system mode', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.svelte-flow')).toHaveClass(/\bdark\b/);
  // Live change, no reload.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
});

test('the left splitter resizes the palette by keyboard', async ({ page }) => {
  const splitter = page.getByRole('separator', { name: 'Resize layers panel' });
  const palette = page.getByTestId('palette');
  await expect(splitter).toHaveAttribute('aria-orientation', 'vertical');
  await expect(splitter).toHaveAttribute('aria-valuemin', '184');
  await expect(splitter).toHaveAttribute('aria-valuemax', '400');
  const start = Number(await splitter.getAttribute('aria-valuenow'));
  expect(await widthOf(palette)).toBe(start);

  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(start + 32));
  expect(await widthOf(palette)).toBe(start + 32);
  await page.keyboard.press('ArrowLeft');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(start + 16));

  await page.keyboard.press('End');
  await expect(splitter).toHaveAttribute('aria-valuenow', '400');
  expect(await widthOf(palette)).toBe(400);
  await page.keyboard.press('Home');
  await expect(splitter).toHaveAttribute('aria-valuenow', '184');
  expect(await widthOf(palette)).toBe(184);

  // Sizes persist.
  await page.reload();
  await expect(page.getByRole('separator', { name: 'Resize layers panel' })).toHaveAttribute('aria-valuenow', '184');
});

test('splitters resize panels by mouse drag, within limits', async ({ page }) => {
  const splitter = page.getByTestId('splitter-left');
  const palette = page.getByTestId('palette');
  const start = await widthOf(palette);
  const box = (await splitter.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 40, y, { steps: 4 });
  await page.mouse.move(x + 60, y, { steps: 2 });
  await page.mouse.up();
  expect(await widthOf(palette)).toBe(start + 60);
  await expect(splitter).toHaveAttribute('aria-valuenow', String(start + 60));

  // Dragging far past the limit clamps.
  const box2 = (await splitter.boundingBox())!;
  await page.mouse.move(box2.x + 0.5, y);
  await page.mouse.down();
  await page.mouse.move(box2.x + 600, y, { steps: 5 });
  await page.mouse.up();
  expect(await widthOf(palette)).toBe(400);

  // The bottom panel grows when its splitter is dragged up.
  const bottom = page.getByTestId('bottom-panel');
  const bottomStart = await heightOf(bottom);
  const hBox = (await page.getByTestId('splitter-bottom').boundingBox())!;
  await page.mouse.move(hBox.x + hBox.width / 2, hBox.y + 0.5);
  await page.mouse.down();
  await page.mouse.move(hBox.x + hBox.width / 2, hBox.y + 0.5 - 50, { steps: 5 });
  await page.mouse.up();
  expect(await heightOf(bottom)).toBe(bottomStart + 50);

  // Double-click resets.
  await splitter.dblclick();
  await expect(splitter).toHaveAttribute('aria-valuenow', String(start));
});

test('bottom panel tabs switch by click and keyboard; Log shows the app:info connection line', async ({ page, webHost }) => {
  const charts = page.getByRole('tab', { name: 'Charts' });
  const log = page.getByRole('tab', { name: /^Log/ });
  await expect(page.getByRole('tablist', { name: 'Training output' })).toBeVisible();
  await expect(charts).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Charts' })).toContainText('Training charts appear here');

  await log.click();
  await expect(log).toHaveAttribute('aria-selected', 'true');
  await expect(charts).toHaveAttribute('aria-selected', 'false');
  const logPanel = page.getByRole('tabpanel', { name: /^Log/ });
  await expect(logPanel).toBeVisible();
  await expect(logPanel).toContainText(/Connected to the web host — Deepwire \d+\.\d+\.\d+, designs in \//);
  const info = await page.evaluate(() => document.querySelector('[data-testid=app-info]')?.textContent);
  expect(info).toMatch(/^Deepwire \d+\.\d+\.\d+ \(web\)$/);
  await expect(page.getByTestId('status-chip')).toHaveAttribute('title', new RegExp(webHost.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  await log.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(charts).toHaveAttribute('aria-selected', 'true');
  await expect(charts).toBeFocused();
  await expect(page.getByText('Training charts appear here')).toBeVisible();
  await page.keyboard.press('End');
  await expect(log).toHaveAttribute('aria-selected', 'true');
});

test('the xyflow canvas has its background and controls, under a hint that lets pointers through', async ({ page }) => {
  const flow = page.locator('.svelte-flow');
  await expect(flow).toBeVisible();
  await expect(flow.locator('.svelte-flow__background')).toBeVisible();
  await expect(flow.locator('.svelte-flow__background-pattern.dots')).toHaveCount(1);
  for (const name of ['Zoom in', 'Zoom out', 'Fit view']) await expect(page.getByRole('button', { name })).toBeVisible();
  // The mini map appears only while part of the design is out of view (see editor.spec.ts).
  await expect(flow.locator('.svelte-flow__minimap')).toHaveCount(0);
  const hint = page.getByTestId('canvas-hint');
  await expect(hint).toBeVisible();
  expect(await hint.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');

  // Zooming works through the overlay.
  const viewport = flow.locator('.svelte-flow__viewport');
  const before = await viewport.getAttribute('style');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => viewport.getAttribute('style')).not.toBe(before);
});

test('keyboard focus is visible on buttons, splitters and tabs', async ({ page }) => {
  const outline = (locator: Locator) =>
    locator.evaluate((el) => {
      const style = getComputedStyle(el);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });

  await page.locator('body').click({ position: { x: 700, y: 10 } });
  await page.keyboard.press('Tab');
  const first = page.locator(':focus');
  // The toolbar starts with the view switch (Design | History): its selected tab is the first stop.
  await expect(first).toHaveRole('tab');
  const ring = await outline(first);
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThan(0);

  // The left splitter comes right after the palette's last button.
  await page.getByRole('complementary', { name: 'Layers' }).getByRole('button').last().focus();
  await page.keyboard.press('Tab');
  const splitter = page.locator(':focus');
  await expect(splitter).toHaveRole('separator');
  expect((await outline(splitter)).style).not.toBe('none');

  const tab = page.getByRole('tab', { name: 'Charts' });
  await tab.focus();
  await page.keyboard.press('ArrowRight');
  expect((await outline(page.getByRole('tab', { name: /^Log/ }))).style).not.toBe('none');
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test(`fills a ${size.width}×${size.height} window without overflow`, async ({ page }) => {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => {
      const root = document.scrollingElement!;
      return { x: root.scrollWidth - window.innerWidth, y: root.scrollHeight - window.innerHeight };
    });
    expect(overflow).toEqual({ x: 0, y: 0 });
    for (const testid of ['palette', 'canvas', 'inspector', 'bottom-panel', 'app-info', 'status-chip']) {
      const box = (await page.getByTestId(testid).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
    }
  });
}

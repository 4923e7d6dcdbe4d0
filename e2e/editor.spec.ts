/**
 * The network editor end to end, in Chromium through the web host: building the course's
 * 2 → 10 → 5 → 1 network from the palette by drag and drop, wiring it handle to handle, setting
 * parameters in the inspector, refused connections with their reasons, undo/redo, save and
 * reopen, a broken import, keyboard use, problems, and autosave recovery.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const canvas = (page: Page) => page.getByTestId('canvas');
const nodes = (page: Page) => page.locator('.svelte-flow__node');
const edges = (page: Page) => page.locator('.svelte-flow__edge');
const nodeById = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const parameters = (page: Page) => page.getByRole('status', { name: 'Parameters' });
const refusal = (page: Page) => page.getByTestId('refusal');
const inspector = (page: Page) => page.getByTestId('inspector');
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Drags a palette button onto the canvas at (x, y) inside it; returns the new node's id (it arrives selected). */
async function dropKind(page: Page, label: string, x: number, y: number): Promise<string> {
  const before = await nodes(page).count();
  await page
    .getByRole('complementary', { name: 'Layers' })
    .getByRole('button', { name: label, exact: true })
    .dragTo(canvas(page), { targetPosition: { x, y } });
  await expect(nodes(page)).toHaveCount(before + 1);
  const id = await page.locator('.svelte-flow__node.selected').getAttribute('data-id');
  expect(id).toBeTruthy();
  return id!;
}

async function centreOf(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one point to another with the mouse, in steps, as a person would. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

/** Drags from `source`'s output handle to `target`'s input handle. */
async function wire(page: Page, source: string, target: string) {
  await drag(
    page,
    await centreOf(nodeById(page, source).locator('.svelte-flow__handle.source')),
    await centreOf(nodeById(page, target).locator('.svelte-flow__handle.target')),
  );
}

/** Clicks a node's title to select it. */
async function select(page: Page, id: string) {
  await nodeById(page, id).click({ position: { x: 60, y: 14 } });
  await expect(nodeById(page, id)).toHaveClass(/\bselected\b/);
}

async function setNumber(page: Page, id: string, label: string, value: string) {
  await select(page, id);
  const field = inspector(page).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Tab');
}

async function setChoice(page: Page, id: string, label: string, value: string) {
  await select(page, id);
  await inspector(page).getByLabel(label, { exact: true }).selectOption(value);
}

/** The course network, built by hand on the canvas. Returns the node ids in network order. */
async function buildCourseNet(page: Page) {
  const input = await dropKind(page, 'Input', 130, 110);
  const dense1 = await dropKind(page, 'Dense', 430, 110);
  const act1 = await dropKind(page, 'Activation', 730, 110);
  const dense2 = await dropKind(page, 'Dense', 130, 270);
  const act2 = await dropKind(page, 'Activation', 430, 270);
  const dense3 = await dropKind(page, 'Dense', 730, 270);
  const sigmoid = await dropKind(page, 'Sigmoid output', 130, 430);
  const loss = await dropKind(page, 'Loss', 430, 430);
  return { input, dense1, act1, dense2, act2, dense3, sigmoid, loss };
}

test.beforeEach(async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('status-chip')).toContainText('Connected');
});

test('builds 2 → 10 → 5 → 1 from the palette, refuses wrong wiring with reasons, undoes, saves and reopens', async ({ page, webHost }) => {
  const n = await buildCourseNet(page);
  await expect(page.getByTestId('canvas-hint')).toHaveCount(0);
  await expect(nodeById(page, n.dense1)).toHaveAttribute('aria-label', 'Dense, 10 units');

  // Parameters, in the inspector. An invalid value is shown with its reason and not applied.
  await select(page, n.input);
  await inspector(page).getByLabel('Size from', { exact: true }).selectOption('fixed');
  await setNumber(page, n.input, 'Features', '2');
  await select(page, n.dense2);
  const units = inspector(page).getByLabel('Units', { exact: true });
  await units.fill('0');
  await expect(inspector(page)).toContainText('units must be at least 1');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await expect(nodeById(page, n.dense2)).toHaveAttribute('aria-label', 'Dense, 10 units');
  await units.fill('5');
  await units.press('Tab');
  await expect(inspector(page)).not.toContainText('units must be at least 1');
  await expect(nodeById(page, n.dense2)).toHaveAttribute('aria-label', 'Dense, 5 units');
  await setNumber(page, n.dense3, 'Units', '1');
  await setChoice(page, n.act1, 'Function', 'relu');
  await setChoice(page, n.act2, 'Function', 'relu');
  await setChoice(page, n.loss, 'Loss function', 'binary-crossentropy');
  await expect(nodeById(page, n.loss)).toHaveAttribute('aria-label', 'Loss, binary cross-entropy');

  // A wrong wiring: Input straight into the Sigmoid output.
  await wire(page, n.input, n.sigmoid);
  await expect(refusal(page)).toContainText('must follow a Dense layer');
  await expect(edges(page)).toHaveCount(0);

  // Another: from Dense's input back to the Loss (Loss → Dense): the Loss ends the network.
  await drag(page, await centreOf(nodeById(page, n.dense3).locator('.svelte-flow__handle.target')), await centreOf(nodeById(page, n.loss)));
  await expect(refusal(page)).toContainText('ends the network, so nothing can follow it');
  await expect(edges(page)).toHaveCount(0);

  // Wire Dense 2 → Activation 2 first, so that Activation 2 → Dense 2 would close a loop.
  await wire(page, n.dense2, n.act2);
  await expect(edges(page)).toHaveCount(1);
  await expect(refusal(page)).toHaveCount(0); // the message stays only until the next action
  await wire(page, n.act2, n.dense2);
  await expect(refusal(page)).toContainText('would make a loop');
  await expect(edges(page)).toHaveCount(1);
  await refusal(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(refusal(page)).toHaveCount(0);

  for (const [a, b] of [
    [n.input, n.dense1],
    [n.dense1, n.act1],
    [n.act1, n.dense2],
    [n.act2, n.dense3],
    [n.dense3, n.sigmoid],
    [n.sigmoid, n.loss],
  ] as const) {
    await wire(page, a, b);
  }
  await expect(edges(page)).toHaveCount(7);
  // 2·10+10 + 10·5+5 + 5·1+1 = 30 + 55 + 6
  await expect(parameters(page)).toHaveText('91');
  // Edges carry their shapes.
  await expect(page.locator('.shape-label')).toHaveText(['[m, 5]', '[m, 2]', '[m, 10]', '[m, 10]', '[m, 5]', '[m, 1]', '[m, 1]']);

  // Undo and redo (toolbar and keyboard).
  await page.keyboard.press(`${mod}+z`);
  await expect(edges(page)).toHaveCount(6);
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(edges(page)).toHaveCount(7);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(edges(page)).toHaveCount(6);
  await page.keyboard.press(`${mod}+y`);
  await expect(edges(page)).toHaveCount(7);
  await expect(parameters(page)).toHaveText('91');

  // Save: the first time asks for a name.
  await expect(page.getByTestId('document-title')).toContainText('(unsaved changes)');
  await page.keyboard.press(`${mod}+s`);
  const saveDialog = page.getByRole('dialog', { name: 'Save design' });
  await saveDialog.getByLabel('Design name').fill('Course net');
  await saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saveDialog).toHaveCount(0);
  await expect(page.getByTestId('document-title')).toHaveText('Course net');
  await expect(page).toHaveTitle('Course net — Deepwire');
  const saved = JSON.parse(readFileSync(join(webHost.dataDir, 'designs', 'Course net.json'), 'utf8')) as { nodes: unknown[]; edges: unknown[] };
  expect([saved.nodes.length, saved.edges.length]).toEqual([8, 7]);

  // Reopen in a fresh page: the same design.
  const labels = await nodes(page).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  await page.reload();
  await expect(page.getByTestId('status-chip')).toContainText('Connected');
  await expect(nodes(page)).toHaveCount(0);
  await expect(page.getByTestId('recovery')).toHaveCount(0); // it was saved: nothing to recover
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const openDialog = page.getByRole('dialog', { name: 'Open a design' });
  await openDialog.getByRole('button', { name: 'Open Course net' }).click();
  await expect(openDialog).toHaveCount(0);
  await expect(nodes(page)).toHaveCount(8);
  await expect(edges(page)).toHaveCount(7);
  await expect(parameters(page)).toHaveText('91');
  expect(await nodes(page).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual(labels);
  await expect(page.getByTestId('document-title')).toHaveText('Course net');

  // Save As onto an existing name asks before replacing it.
  await page.keyboard.press(`${mod}+Shift+s`);
  const saveAs = page.getByRole('dialog', { name: 'Save design as' });
  await saveAs.getByLabel('Design name').fill('Course net');
  await saveAs.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saveAs).toContainText('already exists');
  await saveAs.getByRole('button', { name: 'Replace' }).click();
  await expect(saveAs).toHaveCount(0);

  // A broken file: the error, and nothing changed.
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('import-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "deepwire-design", "version": 1, "nodes": [{"id": "a"'),
  });
  await expect(page.getByTestId('open-error')).toContainText('“broken.json” was not imported');
  await expect(page.getByTestId('open-error')).toContainText('ends too early');
  await page.getByRole('dialog', { name: 'Open a design' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(nodes(page)).toHaveCount(8);
  await expect(parameters(page)).toHaveText('91');
  await expect(page.getByTestId('document-title')).toHaveText('Course net');
});

test('the keyboard adds from the palette, and edits with the usual shortcuts', async ({ page }) => {
  const palette = page.getByRole('complementary', { name: 'Layers' });
  await palette.getByRole('button', { name: 'Dropout', exact: true }).focus();
  await page.keyboard.press('Enter');
  const added = page.locator('.svelte-flow__node.selected');
  await expect(added).toHaveCount(1);
  await expect(added).toHaveAttribute('aria-label', 'Dropout, keep 0.8');
  await expect(added).toBeFocused();
  await expect(inspector(page).getByRole('heading', { name: 'Dropout' })).toBeVisible();

  await palette.getByRole('button', { name: 'Batch norm', exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(nodes(page)).toHaveCount(2);
  await expect(page.locator('.svelte-flow__node.selected')).toHaveAttribute('aria-label', 'Batch norm, momentum 0.9');
  await expect(page.locator('.svelte-flow__node.selected')).toBeFocused();

  // Duplicate, copy and paste, delete.
  await page.keyboard.press(`${mod}+d`);
  await expect(nodes(page)).toHaveCount(3);
  await page.keyboard.press(`${mod}+c`);
  await page.keyboard.press(`${mod}+v`);
  await expect(nodes(page)).toHaveCount(4);
  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(3);
  await page.keyboard.press(`${mod}+z`);
  await expect(nodes(page)).toHaveCount(4);

  // Auto-layout spreads the pile out (one undo step).
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  const spots = () => nodes(page).evaluateAll((els) => new Set(els.map((el) => el.style.transform)).size);
  await expect.poll(spots).toBe(4);

  // Shift-drag on the canvas draws a selection box.
  await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 300 } });
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(0);
  const area = (await canvas(page).boundingBox())!;
  await page.keyboard.down('Shift');
  await drag(page, { x: area.x + 6, y: area.y + 56 }, { x: area.x + area.width - 6, y: area.y + area.height - 6 });
  await page.keyboard.up('Shift');
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(4);
  await expect(page.getByTestId('selection-summary')).toContainText('4 nodes');
  await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 300 } });

  // Shift-click selects more; the inspector sums up the selection; Backspace deletes it.
  const [first, second] = [nodes(page).nth(0), nodes(page).nth(1)];
  await first.click({ position: { x: 60, y: 14 } });
  await second.click({ position: { x: 60, y: 14 }, modifiers: ['Shift'] });
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(2);
  await expect(page.getByTestId('selection-summary')).toContainText('2 nodes');
  await page.keyboard.press('Backspace');
  await expect(nodes(page)).toHaveCount(2);
});

test("the desktop menu's Copy and Paste (page clipboard events) copy and paste nodes", async ({ page }) => {
  const palette = page.getByRole('complementary', { name: 'Layers' });
  await palette.getByRole('button', { name: 'Dense', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(nodes(page)).toHaveCount(1);
  // Electron's Edit → Copy / Paste roles raise these events instead of key presses.
  await page.evaluate(() => {
    document.activeElement!.dispatchEvent(new ClipboardEvent('copy', { bubbles: true, cancelable: true }));
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true }));
  });
  await expect(nodes(page)).toHaveCount(2);
  // In a text field they stay the field's.
  await page.locator('.svelte-flow__node').first().click({ position: { x: 60, y: 14 } });
  const units = inspector(page).getByRole('spinbutton', { name: 'Units' });
  await units.focus();
  await units.dispatchEvent('paste');
  await expect(nodes(page)).toHaveCount(2);
});

test('problems are listed, counted and lead to their node; templates load and fit the view', async ({ page }) => {
  const input = await dropKind(page, 'Input', 200, 200);
  await dropKind(page, 'Dense', 520, 200);
  const problemsTab = page.getByRole('tab', { name: /^Problems/ });
  await expect(problemsTab).toContainText(/\d/);
  await problemsTab.click();
  const problems = page.getByTestId('problems');
  await expect(problems.locator('li')).not.toHaveCount(0);
  await expect(page.locator('.svelte-flow__node [data-testid="node-badge"]').first()).toBeVisible();

  // Picking a problem selects its node.
  await page.locator('.svelte-flow__pane').click({ position: { x: 400, y: 480 } });
  await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(0);
  const row = problems.locator(`li[data-node="${input}"]`).getByRole('button').first();
  await row.click();
  await expect(nodeById(page, input)).toHaveClass(/\bselected\b/);

  // A template replaces the design (undoably) and shows whole.
  await page.getByRole('button', { name: /^Load template: Batch norm and dropout/ }).click();
  await expect(nodes(page)).toHaveCount(12);
  await expect(parameters(page)).toHaveText('689');
  const box = (await canvas(page).boundingBox())!;
  for (const card of await nodes(page).all()) {
    const b = (await card.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
  }
  await expect(page.locator('.svelte-flow__minimap')).toHaveCount(0);
  // Zoomed in, part of the design leaves the view and the mini map appears.
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.locator('.svelte-flow__minimap')).toBeVisible();

  // Saving it the first time offers the template's name.
  await page.keyboard.press(`${mod}+s`);
  const saveDialog = page.getByRole('dialog', { name: 'Save design' });
  await expect(saveDialog.getByLabel('Design name')).toHaveValue('Batch norm and dropout');
  await page.keyboard.press('Escape');
  await expect(saveDialog).toHaveCount(0);

  await page.keyboard.press(`${mod}+z`);
  await expect(nodes(page)).toHaveCount(2);
});

test('unsaved work survives a reload through autosave', async ({ page }) => {
  await dropKind(page, 'Dense', 300, 200);
  await dropKind(page, 'Activation', 600, 200);
  // Autosave writes within a second of the first unsaved change.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('deepwire.autosave') !== null)).toBe(true);
  await page.reload();
  const banner = page.getByTestId('recovery');
  await expect(banner).toContainText('Unsaved work from your last session');
  await expect(banner).toContainText('2 nodes');
  await banner.getByRole('button', { name: 'Restore' }).click();
  await expect(nodes(page)).toHaveCount(2);
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('document-title')).toContainText('(unsaved changes)');
});

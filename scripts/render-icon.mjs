// Renders resources/icon.svg to the 512×512 resources/icon.png that electron-builder packages.
// Run after editing the SVG: `node scripts/render-icon.mjs` (needs a Chromium; see find-chromium.mjs).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium, howToGetChromium } from './find-chromium.mjs';

const resources = join(resolve(import.meta.dirname, '..'), 'resources');
const found = findChromium();
if (!found) {
  console.error(howToGetChromium);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath: found.path, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><body style="margin:0">${readFileSync(join(resources, 'icon.svg'), 'utf8')}</body>`);
  await page.locator('svg').screenshot({ path: join(resources, 'icon.png'), omitBackground: true });
  console.log('Wrote resources/icon.png (512×512).');
} finally {
  await browser.close();
}

import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper shared with scripts/test.mjs
import { chromiumArgs, findChromium } from './scripts/find-chromium.mjs';

const chromium = findChromium() as { path: string } | null;

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      ...(chromium && { executablePath: chromium.path }),
      args: chromiumArgs,
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});

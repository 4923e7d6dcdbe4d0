// Frame time of the live charts with many runs streaming (issue 9 point 5), in Chromium.
// Builds bench/charts (a page that mounts RunCharts with synthetic runs; never part of the app)
// into out/bench-charts, serves it on 127.0.0.1, and measures in Debian's chromium through
// playwright-core: frame-to-frame intervals (requestAnimationFrame) and the time spent in the charts'
// once-per-frame redraw, as median and p95.
//
//   node bench/charts/run.mjs [--seconds 8] [--runs 8] [--steps 60] [--interval 16] [--json]
//   node bench/charts/run.mjs --serve     # build and serve only; prints the URL (for screenshots)
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { chromiumArgs, findChromium, howToGetChromium } from '../../scripts/find-chromium.mjs';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'out/bench-charts');

export async function buildChartsBench() {
  const { build } = await import('vite');
  const { svelte } = await import('@sveltejs/vite-plugin-svelte');
  await build({
    root: import.meta.dirname,
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [svelte({ configFile: join(root, 'svelte.config.js') })],
    resolve: { alias: { '@shared': join(root, 'src-shared') } },
    build: { outDir, emptyOutDir: true, minify: process.env.BENCH_MINIFY !== '0' },
  });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** A static server for the built page on a free loopback port. */
export function serve() {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

/** Runs the page once and returns what it measured. */
export async function measureCharts({ seconds = 8, runs = 8, steps = 60, interval = 16, warmup = 1 } = {}) {
  const chromium = findChromium();
  if (!chromium) throw new Error(howToGetChromium);
  await buildChartsBench();
  const { server, url } = await serve();
  const require = createRequire(join(root, 'package.json'));
  const { chromium: playwright } = require('playwright-core');
  const browser = await playwright.launch({ executablePath: chromium.path, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${url}?runs=${runs}&steps=${steps}&interval=${interval}&seconds=${seconds}&warmup=${warmup}`);
    await page.waitForFunction(() => globalThis.__chartsBench !== undefined, null, { timeout: (seconds + warmup + 30) * 1000 });
    if (errors.length > 0) throw new Error(`the bench page failed: ${errors.join('; ')}`);
    return await page.evaluate(() => globalThis.__chartsBench);
  } finally {
    await browser.close();
    server.close();
  }
}

const ms = (value) => `${value.toFixed(2)} ms`;

export function formatChartsResult(r) {
  return [
    `charts: ${r.runs} runs × ${r.stepsPerTick} steps every ${r.tickMs} ms (${r.pointsPerRun.toLocaleString('en-US')} points per run at the end)`,
    `  frame interval  median ${ms(r.frameInterval.median)}  p95 ${ms(r.frameInterval.p95)}  max ${ms(r.frameInterval.max)}  (${r.frameInterval.count} frames; 16.7 ms is 60 fps)`,
    `  redraw          median ${ms(r.redraw.median)}  p95 ${ms(r.redraw.p95)}  max ${ms(r.redraw.max)}  (${r.redraw.count} redraws)`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (args.includes('--serve')) {
    await buildChartsBench();
    const { url } = await serve();
    process.stdout.write(`${url}?still=1&gallery=1\n`);
  } else {
    const result = await measureCharts({ seconds: option('seconds', 8), runs: option('runs', 8), steps: option('steps', 60), interval: option('interval', 16) });
    process.stdout.write(args.includes('--json') ? `${JSON.stringify(result)}\n` : `${formatChartsResult(result)}\n`);
  }
}

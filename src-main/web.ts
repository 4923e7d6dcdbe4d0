/**
 * Entry of the web host (`npm run web`, or `node out/main/web.js`). It never imports electron,
 * so it runs under plain Node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startWebApp } from './hosts/web-app';
import { defaultDataDir } from './services/data-dir';
import { defaultDatabaseFile, openRunStore } from './services/history/open-run-store';
import type { SearchService } from './services/search/search-service';
import { TrainingService } from './services/training/training-service';
import { builtWorkerEntry } from './services/training/worker-entry';
import { nativeKernelsNote } from './native/install';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  return port;
}

function parseRuns(value: string): number {
  const runs = Number(value);
  if (!/^\d+$/.test(value) || runs < 1 || runs > 64) throw new InvalidArgumentError('a whole number of runs from 1 to 64.');
  return runs;
}

const program = new Command('deepwire-web')
  .description('Serve Deepwire to a browser on 127.0.0.1, guarded by a token made at each launch.')
  .option('--port <port>', 'port to listen on (default: a free one)', parsePort)
  .option('--data <dir>', 'folder for designs and experiments', defaultDataDir())
  .option('--db <file>', 'the experiment database (default: deepwire.db in the data folder)')
  .option('--static <dir>', 'the built renderer to serve', join(import.meta.dirname, '../renderer'))
  .option('--json', 'print {"url", "port", "token"} as one JSON line instead of prose')
  .option('--max-runs <n>', 'runs that train at once; more wait in a queue (default: one per core)', parseRuns)
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .showHelpAfterError();

program.parse();
const opts = program.opts<{ port?: number; data: string; db?: string; static: string; json?: boolean; maxRuns?: number }>();

if (!existsSync(join(opts.static, 'index.html'))) {
  console.error(`There is no built renderer in ${opts.static}; run \`npm run build\` first.`);
  process.exit(1);
}

const dbFile = opts.db ?? defaultDatabaseFile(opts.data);
const opened = openRunStore(dbFile, { log: (line) => console.error(line) });
if (!opened.ok) {
  console.error(opened.message);
  process.exit(1);
}
for (const notice of opened.notices) console.error(notice);
const store = opened.store;

let training: TrainingService | null = null;
let search: SearchService | null = null;
const host = await startWebApp({
  dataDir: opts.data,
  // Each run trains in out/main/training-worker.js, beside this entry.
  training: (emit) => (training = new TrainingService({ emit, store, worker: builtWorkerEntry(import.meta.dirname), warmSpare: true, ...(opts.maxRuns !== undefined && { maxConcurrent: opts.maxRuns }) })),
  history: { db: opened.db, store },
  onSearchService: (started) => (search = started),
  staticDir: opts.static,
  ...(opts.port !== undefined && { port: opts.port }),
  log: (line) => console.error(line),
}).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${opts.port} is already in use; choose another with --port or omit it.` : `The web host could not start: ${String(error)}`);
  process.exit(1);
});

if (opts.json) console.log(JSON.stringify({ url: host.url, port: host.port, token: host.token }));
else {
  console.log(`Deepwire is being served at ${host.url}`);
  console.log(`Open that URL in a browser (designs are kept in ${opts.data}, experiments in ${dbFile}). Press Ctrl+C to stop.`);
}
// Loads the native kernels for the runs this process prepares, and says once which kernels train here.
console.error(nativeKernelsNote());

// Searches first (they end 'interrupted', resumable), then dispose() writes the runs' last states and closes the store; without a service it is closed here.
const stop = () => void Promise.resolve(search?.dispose())
  .then(() => training?.dispose())
  .then(() => store.close())
  .then(() => host.close())
  .then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

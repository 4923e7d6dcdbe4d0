// What recording into the experiment database costs training (issue 10 point 6: at most 5 %): W2
// (bench/worker-overhead.mjs's request: moons 2 → 16 tanh → 16 tanh → 1 sigmoid, Adam 0.01,
// batch 32, 205 epochs, 6,560 steps) through the real TrainingService and the built training worker,
// its history kept by a MemoryRunStore or by a SqliteRunStore on a fresh temporary file (every step,
// report, checkpoint and the final model written as the app writes them). Each process trains
// --runs (default 5) runs one after another, each with a warm worker (the app keeps one loaded),
// timing start → final state (the store writes an ended run in the next turn of the
// event loop, right after that state has gone out, so its last flush is not on the way to the result) and reporting the median run (a W2 run
// is a fraction of a second, so one alone is mostly noise). The stores alternate in separate
// processes, the order swapped each round; the figure is the median over processes.
//
//   node --import tsx bench/recording-overhead.mjs --store=memory|sqlite [--runs N]   one process, one JSON line
//   import { recordingOverhead } from './recording-overhead.mjs'           the driver (npm run bench)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, parseArgs } from './common.mjs';
import { runBenchProcess } from './run-process.mjs';
import { w2Request } from './worker-overhead.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const expectedSteps = 205 * 32;

/** Trains W2 `runs` times in a row on one service and store; the median run and what the last one kept. */
async function trainRuns(storeKind, runs) {
  const { TrainingService } = await import('../src-main/services/training/training-service.ts');
  const { MemoryRunStore } = await import('../src-main/services/training/run-store.ts');
  const { openRunStore } = await import('../src-main/services/history/open-run-store.ts');
  const { builtWorkerEntry } = await import('../src-main/services/training/worker-entry.ts');
  const { commands } = await import('../src-shared/api/index.ts');
  const folder = storeKind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'deepwire-recording-bench-')) : null;
  let store;
  if (folder) {
    const opened = openRunStore(join(folder, 'deepwire.db'));
    if (!opened.ok) throw new Error(opened.message);
    store = opened.store;
  } else store = new MemoryRunStore();
  const waiting = new Map();
  const service = new TrainingService({
    worker: builtWorkerEntry(join(root, 'out/main')),
    store,
    emit: (event, payload) => {
      if (event === 'training:state' && ['completed', 'failed', 'diverged'].includes(payload.run.state)) waiting.get(payload.run.runId)?.(payload.run);
    },
    warmSpare: true,
  });
  const { design, settings } = await w2Request();
  const request = commands['training:start'].request.parse({ design, settings });
  const seconds = [];
  let last = null;
  for (let i = 0; i < runs; i++) {
    while (!service.spareReady) await new Promise((resolve) => setTimeout(resolve, 5));
    const t0 = performance.now();
    let finished;
    const done = new Promise((resolve) => (finished = resolve));
    const started = await service.start(request);
    waiting.set(started.runId, finished);
    // A run can end before start() answers only if it never ran; its state is then in the store.
    const run = ['completed', 'failed', 'diverged'].includes(service.get({ runId: started.runId, limit: 1 }).run.state) ? service.get({ runId: started.runId, limit: 1 }).run : await done;
    seconds.push((performance.now() - t0) / 1000);
    if (run.state !== 'completed') throw new Error(`the run ${run.state}: ${run.error}`);
    last = { runId: started.runId, run };
  }
  const steps = service.get({ runId: last.runId, limit: expectedSteps + 1 }).steps.length;
  const checkpoints = store.checkpoints(last.runId).length;
  const model = store.model(last.runId) !== null;
  await service.dispose();
  if (folder) rmSync(folder, { recursive: true, force: true });
  return { seconds: median(seconds), all: seconds.map((s) => +s.toFixed(3)), runs, steps, checkpoints, model, trainAcc: last.run.result.train.accuracy };
}

/** Alternating processes (at least 5 of each); returns the medians and sqlite ÷ memory. */
export function recordingOverhead(rounds, log = () => {}) {
  const command = (store) => ({ bin: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'recording-overhead.mjs'), `--store=${store}`], cwd: root, env: process.env });
  const stores = ['memory', 'sqlite'];
  const records = { memory: [], sqlite: [] };
  const count = Math.max(5, rounds);
  for (let round = 0; round < count; round++) {
    for (const store of round % 2 === 0 ? stores : [...stores].reverse()) {
      const record = runBenchProcess(command(store));
      if (record.error) throw new Error(`recording-overhead ${store}: ${record.error}`);
      records[store].push(record);
      log(`[round ${round + 1}/${count}] W2 recorded in ${store}: ${record.stepsPerSec.toFixed(0)} steps/s, ${record.checkpoints} checkpoints, model ${record.model ? 'kept' : 'missing'} (foreign cores ${record.foreignCores})`);
    }
  }
  const memory = median(records.memory.map((r) => r.stepsPerSec));
  const sqlite = median(records.sqlite.map((r) => r.stepsPerSec));
  return { memory, sqlite, slowdown: memory / sqlite - 1, rounds: count, foreign: median([...records.memory, ...records.sqlite].map((r) => r.foreignCores)) };
}

/** The lines `npm run bench` prints. */
export function formatRecordingOverhead({ memory, sqlite, slowdown, rounds, foreign }) {
  const verdict = slowdown <= 0.05 ? 'within' : 'OVER';
  return [
    `Recording into SQLite vs in memory, W2 through the training service (medians of ${rounds} process(es) each, whole run with a warm worker; target: ≤ 5 % slower):`,
    `  ${sqlite.toFixed(0)} vs ${memory.toFixed(0)} steps/s: SQLite is ${(slowdown * 100).toFixed(1)} % ${slowdown >= 0 ? 'slower' : 'faster'} (${verdict} the target; median foreign load ${foreign} cores)`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { store, runs = '5' } = parseArgs(process.argv.slice(2));
  if (!['memory', 'sqlite'].includes(store)) throw new Error(`--store must be memory or sqlite, got ${store}.`);
  const r = await trainRuns(store, Number(runs));
  if (r.steps !== expectedSteps) throw new Error(`expected ${expectedSteps} steps, got ${r.steps}`);
  if (!r.model || r.checkpoints === 0) throw new Error(`the run kept ${r.checkpoints} checkpoints and ${r.model ? 'a' : 'no'} model`);
  process.stdout.write(`${JSON.stringify({ store, ...r, stepsPerSec: r.steps / r.seconds })}\n`);
}

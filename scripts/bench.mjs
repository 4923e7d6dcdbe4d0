// `npm run bench`: Deepwire's engine on the shared workloads (W1 MNIST MLP training, W2 tiny 2-D
// net, W3 matrix product; see bench/ and shared/bench/WORKLOAD.md), each variant in separate
// processes interleaved in rounds, medians with min–max. Not part of `npm test`: speed is measured
// here only.
//
//   --rounds N      processes per variant and workload (default 3)
//   --peers[=a,b]   also run the peers where installed (default tfjs-wasm-1t,naive-js,torch-1t;
//                   also tfjs-cpu, convnetjs); says which were not found and how to install them
//   --quick         one round, WebAssembly engine only (no TypeScript reference)
//   --workloads=w1,w3   a subset; `worker` is W2 through the app's training worker vs the in-process
//                   loop (bench/worker-overhead.mjs, on the built worker); `recording` is W2 through the
//                   training service recorded in SQLite vs in memory (bench/recording-overhead.mjs, at least
//                   5 processes of each, target ≤ 5 % slower); `charts` is the live charts'
//                   frame time in Chromium with 8 runs streaming (bench/charts; by default it runs
//                   when a Chromium is found)
//   --history       only the experiment history's queries on 10,000 runs × 100 epochs (bench/history.mjs;
//                   its own options --runs N, --epochs N, --repeat N, --keep pass through)
//   --search        only caviar's throughput: trials per minute of a search with 1 and with 2 workers
//                   (bench/search.mjs, alternating processes; --rounds N, --trials N, --epochs N; target ≥ 1.8×)
//   --queue         only searches over a Redis queue (bench/queue.mjs: a real redis-server and `deepwire worker`
//                   processes): the coordinator's throughput with 16 workers on tiny trials (trials/s, event-loop
//                   delay p99) and 2 vs 1 worker processes on second-long trials (target ≥ 1.8×); --rounds N, --workers N
//   --json          print only {"w1":{samplesPerSec,trainAccuracy},"w2":{stepsPerSec,trainAccuracy},
//                   "w3":{"64x784x128","512x512x512"}} on stdout (progress goes to stderr)
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../bench/common.mjs';
import { dataDir, ensureBenchData } from '../bench/data.mjs';
import { formatNativeTargets, formatTable, formatTargets, jsonSummary, summarize } from '../bench/report.mjs';
import { formatChartsResult, measureCharts } from '../bench/charts/run.mjs';
import { runBenchProcess } from '../bench/run-process.mjs';
import { findChromium } from './find-chromium.mjs';
import { deepwireVariants, measurePeak, nativeBuilt, peerVariants } from '../bench/variants.mjs';
import { formatRecordingOverhead, recordingOverhead } from '../bench/recording-overhead.mjs';
import { formatWorkerOverhead, workerOverhead } from '../bench/worker-overhead.mjs';
import { buildIfStale } from './build-if-stale.mjs';
import { defaultEpochs, defaultTrials, formatSearchSpeedup, searchSpeedup } from '../bench/search.mjs';
import { formatQueueBench, queueBench } from '../bench/queue.mjs';

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  fail(error.message);
}
if (options.history) {
  // The history bench is a database benchmark, not an engine workload: it runs alone.
  const child = spawnSync(process.execPath, [join(import.meta.dirname, '../bench/history.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
if (options.queue) {
  // Searches over a real Redis queue with real worker processes: it runs alone.
  for (const key of Object.keys(options)) if (!['queue', 'rounds', 'workers'].includes(key)) fail(`--queue takes --rounds N and --workers N (the throughput test's worker processes); got --${key}.`);
  const rounds = options.rounds === undefined ? 3 : Number(options.rounds);
  const workers = options.workers === undefined ? 16 : Number(options.workers);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) fail(`--rounds must be a whole number from 1 to 50, got ${options.rounds}.`);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail(`--workers must be a whole number from 1 to 64, got ${options.workers}.`);
  buildIfStale({ quiet: true });
  try {
    const result = await queueBench(rounds, (line) => process.stderr.write(`${line}\n`), { throughputWorkers: workers, throughputTrials: workers * 10 });
    process.stdout.write(`${formatQueueBench(result)}\n`);
  } catch (error) {
    fail(error.message);
  }
  process.exit(0);
}
if (options.search) {
  // A scheduling benchmark through the built worker, not an engine workload: it runs alone.
  for (const key of Object.keys(options)) if (!['search', 'rounds', 'trials', 'epochs'].includes(key)) fail(`--search takes --rounds N, --trials N and --epochs N; got --${key}.`);
  const whole = (name, value, fallback, max) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) fail(`--${name} must be a whole number from 1 to ${max}, got ${value}.`);
    return n;
  };
  const rounds = whole('rounds', options.rounds, 3, 50);
  const trials = whole('trials', options.trials, defaultTrials, 100);
  const epochs = whole('epochs', options.epochs, defaultEpochs, 100_000);
  buildIfStale({ quiet: true });
  try {
    const result = await searchSpeedup(rounds, (line) => process.stderr.write(`${line}\n`), { trials, epochs });
    process.stdout.write(`${formatSearchSpeedup(result)}\n`);
  } catch (error) {
    fail(error.message);
  }
  process.exit(0);
}
const known = new Set(['rounds', 'peers', 'quick', 'json', 'workloads']);
for (const key of Object.keys(options)) if (!known.has(key)) fail(`unknown option --${key}; use --rounds N, --peers[=list], --quick, --workloads=w1,w2,w3,worker,recording,charts, --json, --history, --search, --queue.`);
const quick = options.quick === true;
const rounds = options.rounds === undefined ? (quick ? 1 : 3) : Number(options.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) fail(`--rounds must be a whole number from 1 to 50, got ${options.rounds}.`);
const chromiumFound = findChromium() !== null;
const workloads = options.workloads ? String(options.workloads).split(',') : ['w1', 'w2', 'w3', 'worker', ...(quick ? [] : ['recording']), ...(chromiumFound && !quick ? ['charts'] : [])];
for (const w of workloads) if (!['w1', 'w2', 'w3', 'worker', 'recording', 'charts'].includes(w)) fail(`--workloads takes w1, w2, w3, worker, recording, charts; got ${w}.`);
const engineWorkloads = workloads.filter((w) => !['charts', 'worker', 'recording'].includes(w));
const json = options.json === true;
const log = (line) => process.stderr.write(`${line}\n`);
// The table goes to stdout unless --json claims it.
const print = json ? log : (line) => process.stdout.write(`${line}\n`);

try {
  await ensureBenchData();
} catch (error) {
  fail(error.message);
}

let variants = deepwireVariants();
if (!nativeBuilt()) log('The native kernels are not built here (node scripts/build-native.mjs): their variants are left out.');
if (quick) variants = variants.filter((v) => v.name === 'deepwire-wasm');
if (options.peers) {
  const wanted = options.peers === true ? undefined : String(options.peers).split(',');
  const { available, missing, peersDir } = peerVariants(dataDir, wanted);
  if (peersDir) log(`peers' scripts: ${peersDir}`);
  for (const m of missing) log(`peer ${m.name} not found: ${m.why}.${m.install ? ` Install: ${m.install}` : ''}`);
  variants = [...variants, ...available];
}
variants = variants.map((v) => ({ ...v, workloads: v.workloads.filter((w) => engineWorkloads.includes(w)) })).filter((v) => v.workloads.length > 0);

const resultsDir = join(dataDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const rawFile = join(resultsDir, `runs-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
log(`${rounds} round(s) of ${variants.map((v) => v.name).join(', ')}; raw runs → ${rawFile}`);

const runs = [];
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round so no variant always runs first (or right after a heavy one).
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(i + round) % variants.length];
    for (const workload of variant.workloads) {
      const record = { variant: variant.name, workload, round, ...runBenchProcess(variant.command(workload)) };
      record.variant = variant.name; // the peers label themselves differently
      runs.push(record);
      appendFileSync(rawFile, `${JSON.stringify(record)}\n`);
      const figure = record.error
        ? `ERROR ${record.error.split('\n').slice(-3).join(' | ')}`
        : workload === 'w1'
          ? `${record.samplesPerSec.toFixed(0)} samples/s, train acc ${record.trainAcc?.toFixed(3)}`
          : workload === 'w2'
            ? `${record.stepsPerSec.toFixed(0)} steps/s, train acc ${record.trainAcc?.toFixed(3)}`
            : `${record.gflops_64x784x128?.toFixed(1)} / ${record.gflops_512x512x512?.toFixed(1)} GFLOP/s`;
      log(`[round ${round + 1}/${rounds}] ${variant.name} ${workload}: ${figure}  (wall ${record.processWallSec}s, foreign cores ${record.foreignCores})`);
    }
  }
}

// The charts' frame time: one Chromium session after the engine's processes (it needs the cores to itself as much as they do).
let charts = null;
if (workloads.includes('charts')) {
  log('charts: building bench/charts and streaming 8 synthetic runs into RunCharts in Chromium…');
  try {
    charts = await measureCharts();
  } catch (error) {
    log(`charts: ${error.message}`);
    process.exitCode = 1;
  }
}

const summary = summarize(runs);
if (workloads.includes('worker')) {
  // The worker path runs the built worker (out/main/training-worker.js).
  buildIfStale({ quiet: true });
  try {
    print('');
    print(formatWorkerOverhead(workerOverhead(rounds, log)));
  } catch (error) {
    log(error.message);
    runs.push({ error: error.message });
  }
}
if (workloads.includes('recording')) {
  // Also the built worker: the app's path, with the experiment database behind it.
  buildIfStale({ quiet: true });
  try {
    print('');
    print(formatRecordingOverhead(recordingOverhead(rounds, log)));
  } catch (error) {
    log(error.message);
    runs.push({ error: error.message });
  }
}
if (charts) {
  print('');
  print(formatChartsResult(charts));
}
if (engineWorkloads.length > 0) {
  print('');
  print(formatTable(summary, variants.map((v) => v.name)));
  print('');
  print(formatTargets(summary));
  print('');
  print(formatNativeTargets(summary, measurePeak()));
  const noisy = runs.filter((r) => r.foreignCores > 0.3).length;
  print(`\n${noisy} of ${runs.length} processes ran while other processes used > 0.3 of a core (foreign load): compare ratios within this run, not absolute figures across runs.`);
}
if (json) process.stdout.write(`${JSON.stringify({ ...jsonSummary(summary), ...(charts ? { charts } : {}) })}\n`);
const errors = runs.filter((r) => r.error);
if (errors.length > 0) {
  log(`${errors.length} process(es) failed; see ${rawFile}.`);
  process.exit(1);
}

// Caviar's throughput (issue 11 point 9): trials per minute of a search whose trials each train
// about a second, with 1 and with 2 workers (the training service's maxConcurrent and the plan's
// parallel both 1, then both 2), through the real SearchService, LocalTrialExecutor,
// TrainingService and built training worker, recorded in SQLite on a scratch file. Each trial is
// W2's network (moons 2 → 16 tanh → 16 tanh → 1 sigmoid, Adam, batch 32) for --epochs epochs; the
// trials differ only in α (log 1e-3…1e-2, seeded). Each configuration runs in its own process;
// the two alternate over --rounds rounds (order swapped each round); the figure is the median.
// Throughput in steady state, as a person's second search sees it: the service is set up as the
// app sets it up (a warm spare thread), and a warm-up search of warmUpTrialsPerWorker short trials
// per worker runs before the timed one, as a first search would have, so every training thread is
// loaded and the code each trial runs once (preparing it, its data, its run) is compiled too: after
// one warm-up trial V8 still spent ~35 ms a trial compiling during the timed search, after four
// ~19 ms (the app keeps idle threads 30 s). A first search after launch pays that, and one more
// thread's start (~0.3 s), on top.
// Target: 2 workers ≥ 1.8× the trials per minute of 1 on 2 cores.
//
// The peer, measured in the same run: what this machine's two cores give two trainers that share
// nothing. The same trials trained in-process with no coordinator, no thread and no store: all of
// them in one process, against half of them in each of two processes started together (a barrier
// on stdin so neither gets a head start; each times itself, the pair counts until the later ends).
//
//   node --import tsx bench/search.mjs --workers=1|2 [--trials N] [--epochs N] [--store=sqlite|memory]   one process, one JSON line
//                   (memory: the runs kept in memory, not SQLite: how far the threads scale when the coordinator does little)
//   node --import tsx bench/search.mjs --peer --share=N [--epochs N]             N trials in-process after "go" on stdin
//   import { searchSpeedup } from './search.mjs'                                 the driver (npm run bench -- --search)
// Each process also says where the timed stretch's CPU went, per thread (/proc/self/task): the
// training threads, the coordinator's thread, and V8's and libuv's helpers. DEEPWIRE_BENCH_THREADS=1
// prints every thread's share and the timed search's start on CLOCK_MONOTONIC to stderr (to cut a
// `perf record -k CLOCK_MONOTONIC` profile to it).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { cpuSplit, median, parseArgs, roundRatios, threadCpuMs } from './common.mjs';
import { runBenchProcess } from './run-process.mjs';
import { w2Request } from './worker-overhead.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
/**
 * Twelve trials, six waves of two: long enough (~5 s with 2 workers) that the last wave's tail and
 * the search's start are a small part of it, as in a search of the size people run.
 */
export const defaultTrials = 12;
export const defaultEpochs = 1100;
/** The warm-up search (and the peer's warm-up): this many trials per worker, of warmUpEpochs epochs each. */
export const warmUpTrialsPerWorker = 4;
export const warmUpEpochs = 300;

/** One search of `trials` trials with `workers` at once; its wall time from start to its end. */
async function timeSearch(workers, trials, epochs, store = 'sqlite') {
  const { TrainingService } = await import('../src-main/services/training/training-service.ts');
  const { builtWorkerEntry } = await import('../src-main/services/training/worker-entry.ts');
  const { openRunStore } = await import('../src-main/services/history/open-run-store.ts');
  const { LocalTrialExecutor } = await import('../src-main/services/search/local-executor.ts');
  const { SearchService } = await import('../src-main/services/search/search-service.ts');
  const folder = mkdtempSync(join(tmpdir(), 'deepwire-search-bench-'));
  const opened = openRunStore(join(folder, 'deepwire.db'));
  if (!opened.ok) throw new Error(opened.message);
  const training = new TrainingService({ emit: () => {}, ...(store === 'sqlite' && { store: opened.store }), worker: builtWorkerEntry(join(root, 'out/main')), maxConcurrent: workers, warmSpare: true });
  const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {} });
  const { design, settings } = await w2Request();
  const request = {
    name: `bench ${workers} worker(s)`,
    design,
    settings: { ...settings, split: { train: 0.8, dev: 0.2, test: 0 } },
    space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 } },
    plan: { strategy: 'random', trials, parallel: workers, seed: 1, epochs },
  };
  const warmUp = await search.start({ ...request, name: 'warm-up', plan: { ...request.plan, trials: warmUpTrialsPerWorker * workers, epochs: warmUpEpochs } });
  await search.waitFor(warmUp.searchId);
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = threadCpuMs();
  const t0 = performance.now();
  if (process.env.DEEPWIRE_BENCH_THREADS) process.stderr.write(`timed search from monotonic ${Number(process.hrtime.bigint()) / 1e9}\n`);
  const started = await search.start(request);
  const ended = await search.waitFor(started.searchId);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSplit(cpu0, threadCpuMs(), seconds * 1000);
  // How busy the coordinator's own thread was (receiving steps, writing SQLite): the workers' competitor for the cores.
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  const detail = search.get({ searchId: started.searchId });
  search.dispose();
  await training.dispose();
  rmSync(folder, { recursive: true, force: true });
  const completed = detail.trials.filter((trial) => trial.status === 'completed').length;
  if (ended.status !== 'completed' || completed !== trials) throw new Error(`the search ended ${ended.status} with ${completed} of ${trials} trials completed`);
  return { workers, trials, epochs, seconds, steps: ended.steps, trialsPerMinute: (trials / seconds) * 60, secondsPerTrial: (seconds * workers) / trials, mainBusy, cpu };
}

/** The peer's process: `share` of the trials, one after another, each prepared and trained in-process; timed from "go". */
async function trainShare(share, epochs) {
  // The same engine the search's training threads take (the native kernels where they load).
  const { installNativeKernels } = await import('../src-main/native/install.ts');
  installNativeKernels();
  const { prepareRun } = await import('../src-shared/training/prepare-run.ts');
  const { driveTraining } = await import('../src-shared/training/train.ts');
  const { design, settings } = await w2Request();
  const request = { ...settings, split: { train: 0.8, dev: 0.2, test: 0 }, settings: { ...settings.settings, epochs }, model: { kind: 'design', design } };
  // Warmed up like the search's threads: a few short runs first.
  for (let i = 0; i < warmUpTrialsPerWorker; i++) {
    const warmUp = prepareRun({ ...request, settings: { ...request.settings, epochs: warmUpEpochs } }, null, { run: {} });
    if (!warmUp.ok) throw new Error(warmUp.message);
    await driveTraining(warmUp.run.run, { onProgress: () => {} });
    warmUp.run.trainer.dispose();
  }
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const cpu0 = threadCpuMs();
  const t0 = performance.now();
  for (let trial = 0; trial < share; trial++) {
    const prepared = prepareRun(request, null, { run: {} });
    if (!prepared.ok) throw new Error(prepared.message);
    await driveTraining(prepared.run.run, { onProgress: () => {} });
    prepared.run.trainer.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  // Trained on the main thread: its CPU is the training; the rest is V8's and libuv's helpers.
  const cpu = cpuSplit(cpu0, threadCpuMs(), seconds * 1000);
  return { share, epochs, seconds, cpu: cpu && { training: cpu.main + cpu.training, helpers: cpu.helpers } };
}

/** `processes` peer processes splitting `trials` between them, released together; seconds until the later one ends. */
export async function peerSeconds(processes, trials, epochs) {
  const children = Array.from({ length: processes }, (_, i) => {
    const share = Math.floor(trials / processes) + (i < trials % processes ? 1 : 0);
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'search.mjs'), '--peer', `--share=${share}`, `--epochs=${epochs}`], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise((resolve) => child.stdout.on('data', (chunk) => (out += chunk) && out.includes('ready\n') && resolve()));
    const done = new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`peer process exited ${code}`)))));
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.end('go\n');
  const results = await Promise.all(children.map((c) => c.done));
  const cpu = results.every((r) => r.cpu) ? { training: results.reduce((sum, r) => sum + r.cpu.training, 0), helpers: results.reduce((sum, r) => sum + r.cpu.helpers, 0) } : null;
  return { seconds: Math.max(...results.map((r) => r.seconds)), cpu };
}

/** CPU beside the training as a share of the training's own (null without /proc's thread times). */
function besideTraining(cpu) {
  return cpu && cpu.training > 0 ? ((cpu.main ?? 0) + cpu.helpers) / cpu.training : null;
}

/** "training 905 ms a trial, beside it 6.1 % (coordinator 3.2 %, helpers 2.9 %)" for a log line. */
function cpuLine(cpu, trials) {
  if (!cpu || cpu.training <= 0) return 'no per-thread CPU here';
  const share = (ms) => `${((100 * ms) / cpu.training).toFixed(1)} %`;
  const coordinator = cpu.main === undefined ? '' : `coordinator ${share(cpu.main)}, `;
  return `CPU: training ${(cpu.training / trials).toFixed(0)} ms a trial; beside it ${share((cpu.main ?? 0) + cpu.helpers)} (${coordinator}V8/libuv helpers ${share(cpu.helpers)})`;
}

/** Alternating processes of 1 and 2 workers, and the peer's 1 and 2 processes; the medians and their ratios. */
export async function searchSpeedup(rounds, log = () => {}, { trials = defaultTrials, epochs = defaultEpochs } = {}) {
  const command = (workers, store = 'sqlite') => ({ bin: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'search.mjs'), `--workers=${workers}`, `--trials=${trials}`, `--epochs=${epochs}`, `--store=${store}`], cwd: root, env: process.env });
  const records = { 1: [], 2: [] };
  const unrecorded = { 1: [], 2: [] };
  const peers = { 1: [], 2: [] };
  const peerBeside = [];
  for (let round = 0; round < rounds; round++) {
    for (const workers of round % 2 === 0 ? [1, 2] : [2, 1]) {
      const record = runBenchProcess(command(workers));
      if (record.error) throw new Error(`search bench, ${workers} worker(s): ${record.error}`);
      records[workers].push(record);
      log(`[round ${round + 1}/${rounds}] ${workers} worker(s): ${record.trialsPerMinute.toFixed(1)} trials/min (${record.trials} trials in ${record.seconds.toFixed(2)} s, ~${record.secondsPerTrial.toFixed(2)} s a trial; coordinator thread busy ${(100 * record.mainBusy).toFixed(1)} %; foreign cores ${record.foreignCores}); ${cpuLine(record.cpu, record.trials)}`);
    }
    for (const workers of round % 2 === 0 ? [1, 2] : [2, 1]) {
      const record = runBenchProcess(command(workers, 'memory'));
      if (record.error) throw new Error(`search bench, ${workers} worker(s), runs in memory: ${record.error}`);
      unrecorded[workers].push(record.trialsPerMinute);
      log(`[round ${round + 1}/${rounds}] ${workers} worker(s), runs kept in memory (no SQLite): ${record.trialsPerMinute.toFixed(1)} trials/min (coordinator thread busy ${(100 * record.mainBusy).toFixed(1)} %)`);
    }
    for (const processes of round % 2 === 0 ? [1, 2] : [2, 1]) {
      const { seconds, cpu } = await peerSeconds(processes, trials, epochs);
      peers[processes].push((trials / seconds) * 60);
      if (processes === 2) peerBeside.push(besideTraining(cpu));
      log(`[round ${round + 1}/${rounds}] peer, ${processes} independent process(es): ${((trials / seconds) * 60).toFixed(1)} trials/min (${trials} trials in ${seconds.toFixed(2)} s); ${cpuLine(cpu, trials)}`);
    }
  }
  const one = median(records[1].map((r) => r.trialsPerMinute));
  const two = median(records[2].map((r) => r.trialsPerMinute));
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    rounds,
    trials,
    epochs,
    secondsPerTrial: median(records[1].map((r) => r.secondsPerTrial)),
    one,
    two,
    ratio: two / one,
    perRound: roundRatios(records[1].map((r) => r.trialsPerMinute), records[2].map((r) => r.trialsPerMinute)),
    peerPerRound: roundRatios(peers[1], peers[2]),
    mainBusy: median(records[2].map((r) => r.mainBusy)),
    // The CPU each side spent beside its training, as a share of the training's (2 at once; medians).
    beside: medianOrNull(records[2].map((r) => besideTraining(r.cpu))),
    coordinatorShare: medianOrNull(records[2].map((r) => r.cpu && r.cpu.main / r.cpu.training)),
    peerBeside: medianOrNull(peerBeside),
    unrecordedOne: median(unrecorded[1]),
    unrecordedTwo: median(unrecorded[2]),
    unrecordedRatio: median(unrecorded[2]) / median(unrecorded[1]),
    peerOne: median(peers[1]),
    peerTwo: median(peers[2]),
    peerRatio: median(peers[2]) / median(peers[1]),
    foreign: median([...records[1], ...records[2]].map((r) => r.foreignCores)),
  };
}

function medianOrNull(values) {
  return values.every((v) => v !== null && Number.isFinite(v)) && values.length > 0 ? median(values) : null;
}

/** The lines `npm run bench -- --search` prints. */
export function formatSearchSpeedup(result) {
  const verdict = result.ratio >= 1.8 ? 'meets' : 'BELOW';
  return [
    `Caviar's throughput on ${result.cpu} (${result.cores} logical cores): a search of ${result.trials} trials, each W2's network for ${result.epochs} epochs (~${result.secondsPerTrial.toFixed(2)} s a trial alone); medians of ${result.rounds} process(es) each, alternating:`,
    `  1 worker:  ${result.one.toFixed(1)} trials/min`,
    `  2 workers: ${result.two.toFixed(1)} trials/min`,
    `  ratio ${result.ratio.toFixed(2)}× (${verdict} the target of ≥ 1.8× on 2 cores; median foreign load ${result.foreign.toFixed(2)} cores: compare within one run)`,
    `  each round's own ratio (its two processes back to back): median ${result.perRound.median.toFixed(2)}×, ${result.perRound.min.toFixed(2)}–${result.perRound.max.toFixed(2)}×`,
    `  the coordinator's own thread was busy ${(100 * result.mainBusy).toFixed(1)} % of the 2-worker search (median)`,
    ...(result.beside === null ? [] : [`  CPU beside the training threads' own, 2 workers: ${(100 * result.beside).toFixed(1)} % of it (the coordinator's thread ${(100 * result.coordinatorShare).toFixed(1)} %, the rest V8's and libuv's helper threads); the peer's 2 processes: ${(100 * result.peerBeside).toFixed(1)} %`]),
    `The same search with its runs kept in memory (no SQLite; the steps still cross from the worker threads):`,
    `  1 worker:  ${result.unrecordedOne.toFixed(1)} trials/min`,
    `  2 workers: ${result.unrecordedTwo.toFixed(1)} trials/min`,
    `  ratio ${result.unrecordedRatio.toFixed(2)}×: two training threads in one process, with the coordinator doing little`,
    `Peer in the same run, the same trials in-process with nothing shared (no coordinator, thread or store):`,
    `  1 process:   ${result.peerOne.toFixed(1)} trials/min`,
    `  2 processes: ${result.peerTwo.toFixed(1)} trials/min`,
    `  ratio ${result.peerRatio.toFixed(2)}×: what two cores give here; the search reaches ${((100 * result.ratio) / result.peerRatio).toFixed(0)} % of it`,
    `  each round's own ratio: median ${result.peerPerRound.median.toFixed(2)}×, ${result.peerPerRound.min.toFixed(2)}–${result.peerPerRound.max.toFixed(2)}×`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--peer')) {
  const { share, epochs = String(defaultEpochs) } = parseArgs(process.argv.slice(2));
  const result = await trainShare(Number(share), Number(epochs));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { workers, trials = String(defaultTrials), epochs = String(defaultEpochs) } = parseArgs(process.argv.slice(2));
  if (!['1', '2'].includes(String(workers))) throw new Error(`--workers must be 1 or 2, got ${workers}.`);
  const { store = 'sqlite' } = parseArgs(process.argv.slice(2));
  if (!['sqlite', 'memory'].includes(String(store))) throw new Error(`--store must be sqlite or memory, got ${store}.`);
  const result = await timeSearch(Number(workers), Number(trials), Number(epochs), String(store));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

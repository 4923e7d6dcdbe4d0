// Searches over a Redis queue (issue 12 point 7): a real redis-server on loopback, real `deepwire worker`
// processes (the built CLI), and the coordinator as the app has it (SearchService over the
// QueueTrialExecutor, recorded in SQLite on a scratch file).
//
//   1. Coordinator throughput: 16 worker processes (--concurrency 1 each) on tiny trials (W2's network for one
//      epoch of 50 moons): trials per second from the search's start to its end, and the coordinator's
//      event-loop delay (p50, p99, max) meanwhile — what one coordinator can feed. After a warm-up search of four
//      such trials a worker, so the workers' threads have loaded (they load as the workers join).
//   2. Scaling: the same second-long trials (W2's network, 1100 epochs, as `--search` uses) with 1 and with 2
//      worker processes: trials per minute and the ratio (target ≥ 1.8× on 2 cores). The coordinator has
//      little to do here (a trial's steps stay on its worker; only epochs and the result come back). In steady
//      state, as `--search` measures: a warm-up search (four short trials a worker, as a first search would have)
//      runs before the timed one, so every worker process has trained and its code is warm.
//      Each round also times `--search`'s peer (the same trials in 1 and in 2 independent processes, nothing
//      shared): what two cores give on this machine in the same run, the ceiling the queue is measured against.
//
//   DEEPWIRE_BENCH_PROFILE=<folder>: each worker process writes a V8 CPU profile there when it exits.
//
//   node --import tsx bench/queue.mjs --mode=throughput|scaling [--workers N] [--trials N] [--epochs N]   one JSON line
//   import { queueBench } from './queue.mjs'                                                               the driver
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpuSplit, median, parseArgs, roundRatios, threadCpuMs } from './common.mjs';
import { runBenchProcess } from './run-process.mjs';
import { defaultEpochs, defaultTrials, peerSeconds, warmUpEpochs, warmUpTrialsPerWorker } from './search.mjs';
import { w2Request } from './worker-overhead.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const cli = join(root, 'out/main/cli.js');

/** Starts `count` worker processes on the queue; resolves once each has said it joined. */
async function startWorkers(url, count) {
  const workers = Array.from({ length: count }, (_, i) => {
    const profile = process.env.DEEPWIRE_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DEEPWIRE_BENCH_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, cli, 'worker', '--queue', url, '--concurrency', '1', '--name', `bench-${i + 1}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    return { child, output: () => output };
  });
  return {
    workers,
    async stop() {
      await Promise.all(
        workers.map(
          ({ child }) =>
            new Promise((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', resolve);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
    },
  };
}

/** Waits until `count` workers show in the queue's status. */
async function untilJoined(search, url, count) {
  for (let i = 0; i < 600; i++) {
    const status = await search.queueStatus({ url });
    if (status.workers.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`only some of the ${count} workers joined the queue within a minute`);
}

/** Every thread's CPU so far of the coordinator, Redis and each worker process. */
function cpuReadings(pids) {
  return { coordinator: threadCpuMs(pids.coordinator), redis: pids.redis ? threadCpuMs(pids.redis) : null, workers: pids.workers.map((pid) => threadCpuMs(pid)) };
}

/**
 * Where the timed search's CPU went (ms): the workers' training threads, and beside them the
 * coordinator (its thread, and V8's and libuv's), the worker processes' own threads (main: taking jobs,
 * reporting, returning results; helpers: V8's and libuv's) and Redis. Null without /proc.
 */
function cpuOfSearch(pids, before, after, wallMs) {
  const coordinator = cpuSplit(before.coordinator, after.coordinator, wallMs);
  const workers = pids.workers.map((pid, i) => cpuSplit(before.workers[i], after.workers[i], wallMs, pid));
  if (!coordinator || workers.some((w) => !w)) return null;
  const sum = (map) => (map ? [...map.values()].reduce((a, b) => a + b, 0) : 0);
  return {
    training: workers.reduce((s, w) => s + w.training, 0),
    coordinator: coordinator.main + coordinator.training,
    coordinatorHelpers: coordinator.helpers,
    workerMain: workers.reduce((s, w) => s + w.main, 0),
    workerHelpers: workers.reduce((s, w) => s + w.helpers, 0),
    redis: sum(after.redis) - sum(before.redis),
  };
}

/** CPU ms spent beside the training threads: the coordinator, the worker processes' own threads, Redis. */
function besideTraining(cpu) {
  return cpu.coordinator + cpu.coordinatorHelpers + cpu.workerMain + cpu.workerHelpers + cpu.redis;
}

/** "training 860 ms a trial; beside it 9.1 % (coordinator 4.0 %, …)" for a log line. */
function cpuLine(cpu, trials) {
  if (!cpu || cpu.training <= 0) return 'no per-thread CPU here';
  const share = (ms) => `${((100 * ms) / cpu.training).toFixed(1)} %`;
  const beside = besideTraining(cpu);
  return `CPU: training ${(cpu.training / trials).toFixed(0)} ms a trial; beside it ${share(beside)} (coordinator ${share(cpu.coordinator)} and its helpers ${share(cpu.coordinatorHelpers)}, workers' main threads ${share(cpu.workerMain)} and helpers ${share(cpu.workerHelpers)}, Redis ${share(cpu.redis)})`;
}

/** One search on the queue with `workers` worker processes; its wall time and the coordinator's loop delay. */
async function timeQueueSearch({ workers, trials, epochs, samples, warmUp }) {
  const { startRedis } = await import('../src-main/queue/test-redis.ts');
  const { openRunStore } = await import('../src-main/services/history/open-run-store.ts');
  const { TrainingService } = await import('../src-main/services/training/training-service.ts');
  const { builtWorkerEntry } = await import('../src-main/services/training/worker-entry.ts');
  const { LocalTrialExecutor } = await import('../src-main/services/search/local-executor.ts');
  const { SearchService } = await import('../src-main/services/search/search-service.ts');
  const { QueueSearches } = await import('../src-main/services/search/queue-searches.ts');
  const redis = await startRedis();
  const folder = mkdtempSync(join(tmpdir(), 'deepwire-queue-bench-'));
  const pool = await startWorkers(redis.url, workers);
  const opened = openRunStore(join(folder, 'deepwire.db'));
  if (!opened.ok) throw new Error(opened.message);
  const training = new TrainingService({ emit: () => {}, store: opened.store, worker: builtWorkerEntry(join(root, 'out/main')), maxConcurrent: 1 });
  const queue = new QueueSearches({ db: opened.db, runs: opened.store });
  const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {}, queue, log: () => {} });
  try {
    await untilJoined(search, redis.url, workers);
    const { design, settings } = await w2Request();
    const request = {
      name: `queue bench ${workers} worker(s)`,
      design,
      settings: { ...settings, data: { ...settings.data, samples }, split: { train: 0.8, dev: 0.2, test: 0 } },
      space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 } },
      plan: { strategy: 'random', trials, parallel: Math.max(workers, 1) * 2, seed: 1, epochs },
      runOn: { kind: 'queue', url: redis.url },
    };
    if (warmUp) {
      const warming = await search.start({ ...request, name: 'warm-up', plan: { ...request.plan, trials: warmUpTrialsPerWorker * workers, epochs: Math.min(epochs, warmUpEpochs) } });
      await search.waitFor(warming.searchId);
    }
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const pids = { coordinator: process.pid, redis: redis.pid, workers: pool.workers.map(({ child }) => child.pid) };
    const cpu0 = cpuReadings(pids);
    const t0 = performance.now();
    const started = await search.start(request);
    const ended = await search.waitFor(started.searchId);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuOfSearch(pids, cpu0, cpuReadings(pids), seconds * 1000);
    delay.disable();
    const detail = search.get({ searchId: started.searchId });
    const completed = detail.trials.filter((trial) => trial.status === 'completed').length;
    if (ended.status !== 'completed' || completed !== trials) throw new Error(`the search ended ${ended.status} with ${completed} of ${trials} trials completed`);
    const byWorker = new Set(detail.trials.map((trial) => trial.worker)).size;
    const ms = (ns) => ns / 1e6;
    return {
      workers,
      trials,
      epochs,
      samples,
      seconds,
      trialsPerSecond: trials / seconds,
      trialsPerMinute: (trials / seconds) * 60,
      workersUsed: byWorker,
      cpu,
      loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    };
  } finally {
    await search.close();
    await training.dispose();
    await pool.stop();
    await redis.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The driver: throughput with 16 workers, then 1 vs 2 workers in alternating processes. */
export async function queueBench(rounds, log = () => {}, { throughputWorkers = 16, throughputTrials = 160, trials = defaultTrials, epochs = defaultEpochs } = {}) {
  const command = (args) => ({ bin: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'queue.mjs'), ...args], cwd: root, env: process.env });
  const throughput = runBenchProcess(command(['--mode=throughput', `--workers=${throughputWorkers}`, `--trials=${throughputTrials}`]), 1800);
  if (throughput.error) throw new Error(`queue throughput: ${throughput.error}`);
  log(`throughput: ${throughput.workers} workers, ${throughput.trials} tiny trials in ${throughput.seconds.toFixed(2)} s = ${throughput.trialsPerSecond.toFixed(1)} trials/s; coordinator loop delay p99 ${throughput.loopDelayMs.p99.toFixed(1)} ms`);
  const records = { 1: [], 2: [] };
  const peers = { 1: [], 2: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [1, 2] : [2, 1];
    for (const workers of order) {
      const record = runBenchProcess(command(['--mode=scaling', `--workers=${workers}`, `--trials=${trials}`, `--epochs=${epochs}`]), 1800);
      if (record.error) throw new Error(`queue scaling, ${workers} worker(s): ${record.error}`);
      records[workers].push(record);
      log(`[round ${round + 1}/${rounds}] ${workers} worker process(es): ${record.trialsPerMinute.toFixed(1)} trials/min (${trials} trials in ${record.seconds.toFixed(2)} s; foreign cores ${record.foreignCores}); ${cpuLine(record.cpu, trials)}`);
    }
    for (const processes of order) {
      const { seconds } = await peerSeconds(processes, trials, epochs);
      peers[processes].push((trials / seconds) * 60);
      log(`[round ${round + 1}/${rounds}] peer, ${processes} independent process(es): ${((trials / seconds) * 60).toFixed(1)} trials/min (${trials} trials in ${seconds.toFixed(2)} s)`);
    }
  }
  const one = median(records[1].map((r) => r.trialsPerMinute));
  const two = median(records[2].map((r) => r.trialsPerMinute));
  const perRound = roundRatios(records[1].map((r) => r.trialsPerMinute), records[2].map((r) => r.trialsPerMinute));
  const peer = { one: median(peers[1]), two: median(peers[2]), ratio: median(peers[2]) / median(peers[1]), perRound: roundRatios(peers[1], peers[2]) };
  // The CPU beside the training with 2 worker processes, as a share of the training's (median over the rounds).
  const beside = records[2].every((r) => r.cpu && r.cpu.training > 0) ? median(records[2].map((r) => besideTraining(r.cpu) / r.cpu.training)) : null;
  return { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, throughput, rounds, trials, epochs, one, two, ratio: two / one, perRound, peer, beside };
}

/** The lines `npm run bench -- --queue` prints. */
export function formatQueueBench(result) {
  const t = result.throughput;
  return [
    `Searches on a Redis queue on ${result.cpu} (${result.cores} logical cores), a real redis-server on loopback and real \`deepwire worker\` processes:`,
    `  coordinator throughput: ${t.workers} worker processes, ${t.trials} tiny trials (W2's network, ${t.epochs} epoch of ${t.samples} moons): ${t.trialsPerSecond.toFixed(1)} trials/s;`,
    `    the coordinator's event-loop delay meanwhile p50 ${t.loopDelayMs.p50.toFixed(1)} ms, p99 ${t.loopDelayMs.p99.toFixed(1)} ms, max ${t.loopDelayMs.max.toFixed(1)} ms`,
    `  second-long trials (${result.trials} of W2's network for ${result.epochs} epochs), medians of ${result.rounds} process(es) each, alternating:`,
    `    1 worker process:  ${result.one.toFixed(1)} trials/min`,
    `    2 worker processes: ${result.two.toFixed(1)} trials/min`,
    `    ratio ${result.ratio.toFixed(2)}× (${result.ratio >= 1.8 ? 'meets' : 'BELOW'} the target of ≥ 1.8× on 2 cores)`,
    `    each round's own ratio (its two processes back to back): median ${result.perRound.median.toFixed(2)}×, ${result.perRound.min.toFixed(2)}–${result.perRound.max.toFixed(2)}×`,
    ...(result.beside === null ? [] : [`    CPU beside the training with 2 worker processes: ${(100 * result.beside).toFixed(1)} % of the training's own (coordinator, workers' own threads, Redis; median)`]),
    `  peer in the same run, the same trials in-process with nothing shared (--search's peer):`,
    `    1 process: ${result.peer.one.toFixed(1)} trials/min, 2 processes: ${result.peer.two.toFixed(1)} trials/min`,
    `    ratio ${result.peer.ratio.toFixed(2)}× (each round's: median ${result.peer.perRound.median.toFixed(2)}×, ${result.peer.perRound.min.toFixed(2)}–${result.peer.perRound.max.toFixed(2)}×): what two cores give here; the queue reaches ${((100 * result.ratio) / result.peer.ratio).toFixed(0)} % of it`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { mode, workers = '1', trials, epochs, samples } = parseArgs(process.argv.slice(2));
  const result =
    mode === 'throughput'
      ? await timeQueueSearch({ workers: Number(workers), trials: Number(trials ?? 160), epochs: 1, samples: 50, warmUp: true })
      : await timeQueueSearch({ workers: Number(workers), trials: Number(trials ?? defaultTrials), epochs: Number(epochs ?? defaultEpochs), samples: Number(samples ?? 1000), warmUp: true });
  process.stdout.write(`${JSON.stringify({ mode, ...result })}\n`);
  process.exit(0);
}

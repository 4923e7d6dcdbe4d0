// Caviar's throughput (issue 11 point 9): trials per minute of a search whose trials each train
// about a second, with 1 and with 2 workers (the training service's maxConcurrent and the plan's
// parallel both 1, then both 2), through the real SearchService, LocalTrialExecutor,
// TrainingService and built training worker, recorded in SQLite on a scratch file. Each trial is
// W2's network (moons 2 → 16 tanh → 16 tanh → 1 sigmoid, Adam, batch 32) for --epochs epochs; the
// trials differ only in α (log 1e-3…1e-2, seeded). Each configuration runs in its own process;
// the two alternate over --rounds rounds (order swapped each round); the figure is the median.
// Target: 2 workers ≥ 1.8× the trials per minute of 1 on 2 cores.
//
//   node --import tsx bench/search.mjs --workers=1|2 [--trials N] [--epochs N]   one process, one JSON line
//   import { searchSpeedup } from './search.mjs'                                 the driver (npm run bench -- --search)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, parseArgs } from './common.mjs';
import { runBenchProcess } from './run-process.mjs';
import { w2Request } from './worker-overhead.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const defaultTrials = 6;
export const defaultEpochs = 900;

/** One search of `trials` trials with `workers` at once; its wall time from start to its end. */
async function timeSearch(workers, trials, epochs) {
  const { TrainingService } = await import('../src-main/services/training/training-service.ts');
  const { builtWorkerEntry } = await import('../src-main/services/training/worker-entry.ts');
  const { openRunStore } = await import('../src-main/services/history/open-run-store.ts');
  const { LocalTrialExecutor } = await import('../src-main/services/search/local-executor.ts');
  const { SearchService } = await import('../src-main/services/search/search-service.ts');
  const folder = mkdtempSync(join(tmpdir(), 'deepwire-search-bench-'));
  const opened = openRunStore(join(folder, 'deepwire.db'));
  if (!opened.ok) throw new Error(opened.message);
  const training = new TrainingService({ emit: () => {}, store: opened.store, worker: builtWorkerEntry(join(root, 'out/main')), maxConcurrent: workers });
  const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {} });
  const { design, settings } = await w2Request();
  const request = {
    name: `bench ${workers} worker(s)`,
    design,
    settings: { ...settings, split: { train: 0.8, dev: 0.2, test: 0 } },
    space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 } },
    plan: { strategy: 'random', trials, parallel: workers, seed: 1, epochs },
  };
  const t0 = performance.now();
  const started = await search.start(request);
  const ended = await search.waitFor(started.searchId);
  const seconds = (performance.now() - t0) / 1000;
  const detail = search.get({ searchId: started.searchId });
  search.dispose();
  await training.dispose();
  rmSync(folder, { recursive: true, force: true });
  const completed = detail.trials.filter((trial) => trial.status === 'completed').length;
  if (ended.status !== 'completed' || completed !== trials) throw new Error(`the search ended ${ended.status} with ${completed} of ${trials} trials completed`);
  return { workers, trials, epochs, seconds, steps: ended.steps, trialsPerMinute: (trials / seconds) * 60, secondsPerTrial: (seconds * workers) / trials };
}

/** Alternating processes of 1 and 2 workers; the medians and their ratio. */
export function searchSpeedup(rounds, log = () => {}, { trials = defaultTrials, epochs = defaultEpochs } = {}) {
  const command = (workers) => ({ bin: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'search.mjs'), `--workers=${workers}`, `--trials=${trials}`, `--epochs=${epochs}`], cwd: root, env: process.env });
  const records = { 1: [], 2: [] };
  for (let round = 0; round < rounds; round++) {
    for (const workers of round % 2 === 0 ? [1, 2] : [2, 1]) {
      const record = runBenchProcess(command(workers));
      if (record.error) throw new Error(`search bench, ${workers} worker(s): ${record.error}`);
      records[workers].push(record);
      log(`[round ${round + 1}/${rounds}] ${workers} worker(s): ${record.trialsPerMinute.toFixed(1)} trials/min (${record.trials} trials in ${record.seconds.toFixed(2)} s, ~${record.secondsPerTrial.toFixed(2)} s a trial; foreign cores ${record.foreignCores})`);
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
    foreign: median([...records[1], ...records[2]].map((r) => r.foreignCores)),
  };
}

/** The lines `npm run bench -- --search` prints. */
export function formatSearchSpeedup(result) {
  const verdict = result.ratio >= 1.8 ? 'meets' : 'BELOW';
  return [
    `Caviar's throughput on ${result.cpu} (${result.cores} logical cores): a search of ${result.trials} trials, each W2's network for ${result.epochs} epochs (~${result.secondsPerTrial.toFixed(2)} s a trial alone); medians of ${result.rounds} process(es) each, alternating:`,
    `  1 worker:  ${result.one.toFixed(1)} trials/min`,
    `  2 workers: ${result.two.toFixed(1)} trials/min`,
    `  ratio ${result.ratio.toFixed(2)}× (${verdict} the target of ≥ 1.8× on 2 cores; median foreign load ${result.foreign.toFixed(2)} cores: compare within one run)`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { workers, trials = String(defaultTrials), epochs = String(defaultEpochs) } = parseArgs(process.argv.slice(2));
  if (!['1', '2'].includes(String(workers))) throw new Error(`--workers must be 1 or 2, got ${workers}.`);
  const result = await timeSearch(Number(workers), Number(trials), Number(epochs));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

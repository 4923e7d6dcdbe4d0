// The overhead of training in a worker thread (the app's path: TrainingService → worker → batched
// step points → main's store and coalesced events) against the same loop in-process, on W2
// (shared/bench/WORKLOAD.md: 2 → 16 tanh → 16 tanh → 1 sigmoid, Adam 0.01, batch 32, 1,000 moons,
// 5 + 200 epochs, all timed here: the worker path cannot leave its warm-up out). Both build the run
// with prepareRun from the same request (generated moons in the make_moons layout, Glorot-uniform
// weights, the WebAssembly backend where it runs), so the ratio is the worker path's cost alone.
//
//   node --import tsx bench/worker-overhead.mjs --mode=inprocess|worker|warm   one process, one JSON line
//   import { workerOverhead } from './worker-overhead.mjs'                 the driver (npm run bench)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, parseArgs } from './common.mjs';
import { runBenchProcess } from './run-process.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const epochs = 205;
const stepsPerEpoch = 32;

export async function w2Request() {
  const { chainOf, node } = await import('../src-shared/graph/test-fixtures.ts');
  const design = chainOf(
    node('input-1', 'input', { size: 2 }),
    node('dense-1', 'dense', { units: 16 }),
    node('activation-1', 'activation', { fn: 'tanh' }),
    node('dense-2', 'dense', { units: 16 }),
    node('activation-2', 'activation', { fn: 'tanh' }),
    node('dense-3', 'dense', { units: 1 }),
    node('sigmoid-output-1', 'sigmoid-output'),
    node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
  );
  const settings = {
    data: { kind: 'moons', samples: 1000, noise: 0.1 },
    split: { train: 1, dev: 0, test: 0 },
    normalize: 'none',
    settings: { initializer: { kind: 'xavier', form: 'fan-avg' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs },
    seeds: { data: 7, model: 1 },
    backend: 'auto',
  };
  return { design, settings };
}

async function inProcess() {
  const { prepareRun } = await import('../src-shared/training/prepare-run.ts');
  const { driveTraining } = await import('../src-shared/training/train.ts');
  const { design, settings } = await w2Request();
  const t0 = performance.now();
  const points = [];
  // The loop as the worker drives it: every step point kept, reports handed on.
  let firstStepAt = 0;
  // Steady state as the worker path measures it: from where its first batch would leave (50 ms in).
  let settled = null;
  const prepared = prepareRun({ ...settings, model: { kind: 'design', design } }, null, {
    run: {
      onStep: (p) => {
        const now = performance.now();
        if (p.step === 1) firstStepAt = now;
        else if (settled === null && now - firstStepAt >= 50) settled = { at: now, step: p.step };
        points.push(p);
      },
    },
  });
  if (!prepared.ok) throw new Error(prepared.message);
  const result = await driveTraining(prepared.run.run, { onProgress: () => {} });
  const end = performance.now();
  prepared.run.trainer.dispose();
  return { seconds: (end - t0) / 1000, steadyStepsPerSec: (points.length - settled.step) / ((end - settled.at) / 1000), startupSeconds: (firstStepAt - t0) / 1000, steps: points.length, backend: prepared.run.trainer.backend, trainAcc: result.train.accuracy };
}

async function viaWorker(warm) {
  const { TrainingService } = await import('../src-main/services/training/training-service.ts');
  const { builtWorkerEntry } = await import('../src-main/services/training/worker-entry.ts');
  const { createEventBatcher } = await import('../src-main/hosts/event-batcher.ts');
  const { commands } = await import('../src-shared/api/index.ts');
  const { design, settings } = await w2Request();
  let messages = 0;
  let firstBatch = null;
  const batcher = createEventBatcher({ send: () => messages++ });
  let finished;
  const done = new Promise((resolve) => (finished = resolve));
  const service = new TrainingService({
    worker: builtWorkerEntry(join(root, 'out/main')),
    emit: (event, payload) => {
      batcher.push(event, payload);
      // The first batch of points marks the end of the worker's start-up (thread, modules, setup).
      if (event === 'training:progress' && firstBatch === null && payload.steps.length > 0) firstBatch = { at: performance.now(), step: payload.step };
      if (event === 'training:state' && ['completed', 'failed'].includes(payload.run.state)) finished(payload.run);
    },
    // warm: the app's way, a worker already loaded and idle when Train is pressed.
    warmSpare: warm,
  });
  while (warm && !service.spareReady) await new Promise((resolve) => setTimeout(resolve, 5));
  const request = commands['training:start'].request.parse({ design, settings });
  const t0 = performance.now();
  const started = await service.start(request);
  const run = await done;
  const end = performance.now();
  const seconds = (end - t0) / 1000;
  const steps = service.get({ runId: started.runId }).steps.length;
  // Steady state from the first batch (≈ 50 ms of steps in, when the worker posts it) to the end.
  const steadyStepsPerSec = (steps - firstBatch.step) / ((end - firstBatch.at) / 1000);
  batcher.dispose();
  await service.dispose();
  if (run.state !== 'completed') throw new Error(`the run ${run.state}: ${run.error}`);
  return { seconds, steadyStepsPerSec, steps, messages, trainAcc: run.result.train.accuracy };
}

/**
 * Runs both modes in alternating processes; returns the medians of the whole run's steps per second
 * (start-up included) and of the steady state, with each ratio worker ÷ in-process.
 */
export function workerOverhead(rounds, log = () => {}) {
  const command = (mode) => ({ bin: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'worker-overhead.mjs'), `--mode=${mode}`], cwd: root, env: process.env });
  const records = { inprocess: [], worker: [], warm: [] };
  const modes = ['inprocess', 'worker', 'warm'];
  for (let round = 0; round < rounds; round++) {
    // Rotated each round so no mode always runs first.
    for (const mode of modes.map((_, i) => modes[(i + round) % modes.length])) {
      const record = runBenchProcess(command(mode));
      if (record.error) throw new Error(`worker-overhead ${mode}: ${record.error}`);
      records[mode].push(record);
      log(`[round ${round + 1}/${rounds}] W2 ${mode}: ${record.stepsPerSec.toFixed(0)} steps/s whole run, ${record.steadyStepsPerSec.toFixed(0)} steady, train acc ${record.trainAcc?.toFixed(3)} (foreign cores ${record.foreignCores})`);
    }
  }
  const med = (mode, key) => median(records[mode].map((r) => r[key]));
  const whole = { inprocess: med('inprocess', 'stepsPerSec'), worker: med('worker', 'stepsPerSec') };
  const steady = { inprocess: med('inprocess', 'steadyStepsPerSec'), worker: med('worker', 'steadyStepsPerSec') };
  const warm = { inprocess: whole.inprocess, worker: med('warm', 'stepsPerSec') };
  return {
    whole: { ...whole, ratio: whole.worker / whole.inprocess },
    steady: { ...steady, ratio: steady.worker / steady.inprocess },
    warm: { ...warm, ratio: warm.worker / warm.inprocess },
    rounds,
  };
}

/** The lines `npm run bench` prints. */
export function formatWorkerOverhead({ whole, steady, warm, rounds }) {
  const pct = (ratio) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`;
  return [
    `Worker path vs in-process on W2 (medians of ${rounds} process(es) each; target: within 10 %):`,
    `  steady state: ${steady.worker.toFixed(0)} vs ${steady.inprocess.toFixed(0)} steps/s = ${steady.ratio.toFixed(3)} (${pct(steady.ratio)})`,
    `  whole run with a warm worker (the app keeps one loaded): ${warm.worker.toFixed(0)} vs ${warm.inprocess.toFixed(0)} steps/s = ${warm.ratio.toFixed(3)} (${pct(warm.ratio)})`,
    `  whole run incl. a cold worker's start-up: ${whole.worker.toFixed(0)} vs ${whole.inprocess.toFixed(0)} steps/s = ${whole.ratio.toFixed(3)} (${pct(whole.ratio)})`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { mode } = parseArgs(process.argv.slice(2));
  if (!['inprocess', 'worker', 'warm'].includes(mode)) throw new Error(`--mode must be inprocess, worker or warm, got ${mode}.`);
  const r = mode === 'inprocess' ? await inProcess() : await viaWorker(mode === 'warm');
  if (r.steps !== epochs * stepsPerEpoch) throw new Error(`expected ${epochs * stepsPerEpoch} steps, got ${r.steps}`);
  process.stdout.write(`${JSON.stringify({ mode, ...r, stepsPerSec: r.steps / r.seconds })}\n`);
}

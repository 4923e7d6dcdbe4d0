// Every benchmarked variant as a command per workload: Deepwire's own engine (the WebAssembly
// trainer and, for reference, the plain TypeScript one) and the peers of the shared anchors
// (shared/bench: TensorFlow.js, the obvious-JS baseline, PyTorch), found where they are installed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/** Deepwire's variants: one process per run, TypeScript sources loaded through tsx. */
export function deepwireVariants() {
  const command = (engine) => (workload) => ({
    bin: process.execPath,
    args: ['--import', 'tsx', join(root, 'bench', 'run-deepwire.mjs'), `--engine=${engine}`, `--workload=${workload}`],
    cwd: root,
    env: process.env,
  });
  return [
    // The native kernels where they built (native/build; scripts/build-native.mjs)
    ...(nativeBuilt() ? [
      { name: 'deepwire-native', workloads: ['w1', 'w2', 'w3'], command: command('native') },
      { name: 'deepwire-native-dense', workloads: ['w1'], command: command('native-dense') },
    ] : []),
    { name: 'deepwire-wasm', workloads: ['w1', 'w2', 'w3'], command: command('wasm') },
    // W1 without the zero-skipping first layer: what the dense SIMD product alone gives
    { name: 'deepwire-wasm-dense', workloads: ['w1'], command: command('wasm-dense') },
    { name: 'deepwire-ts', workloads: ['w1', 'w2', 'w3'], command: command('ts') },
  ];
}

/** Whether the native kernels were built here (else their variants are left out, and the bench says so). */
export function nativeBuilt() {
  return existsSync(join(root, 'native', 'build', 'Release', 'deepwire_native.node'));
}

/** The native kernels' register-only FMA loop in its own process: the core's ceiling, or null. */
export function measurePeak() {
  if (!nativeBuilt()) return null;
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run-deepwire.mjs'), '--engine=native', '--workload=peak'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const line = result.stdout?.trim().split('\n').at(-1);
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

/** Where the peers' scripts are: $DEEPWIRE_PEERS_DIR, shared/bench beside the clone, or /work/shared/bench. */
export function findPeersDir() {
  const candidates = [process.env.DEEPWIRE_PEERS_DIR, join(root, '..', 'shared', 'bench'), '/work/shared/bench'].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'common.js')) && existsSync(join(dir, 'bench-naive.js'))) ?? null;
}

/** Where run-all.sh installs the peers' npm packages. */
export const perfDir = process.env.PERF_DIR || '/tmp/perf-anchors';

function hasTorch() {
  if (!existsSync(PYTHON)) return false;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0;
}

/**
 * The peers that can run here, and for the rest why not and how to install them.
 * `wanted`: peer names; the default three are the ratio anchors (tfjs-wasm-1t, torch-1t) and naive-js.
 */
export function peerVariants(dataDir, wanted = ['tfjs-wasm-1t', 'naive-js', 'torch-1t']) {
  const peersDir = findPeersDir();
  const available = [];
  const missing = [];
  if (!peersDir) {
    for (const name of wanted) {
      missing.push({ name, why: 'the peers\' scripts (shared/bench) were not found', install: 'set DEEPWIRE_PEERS_DIR to the folder holding bench-tfjs.js, bench-naive.js and bench_torch.py' });
    }
    return { available, missing, peersDir };
  }
  const nodeModules = join(perfDir, 'node_modules');
  const nodeEnv = { ...process.env, NODE_PATH: nodeModules, ANCHORS_DATA: dataDir };
  // numpy/torch: OpenBLAS autodetects its kernels (the peers' protocol removes these two variables)
  const pythonEnv = { ...process.env, LD_LIBRARY_PATH: OPENBLAS, ANCHORS_DATA: dataDir };
  delete pythonEnv.OPENBLAS_CORETYPE;
  delete pythonEnv.OPENBLAS_L2_SIZE;
  const npmInstall = `mkdir -p ${perfDir} && cp ${join(peersDir, 'package.json')} ${perfDir}/ && (cd ${perfDir} && npm install)`;
  const node = (script, extra) => (workload) => ({ bin: process.execPath, args: [script, ...extra, `--workload=${workload}`], cwd: peersDir, env: nodeEnv });
  const torchCommand = (workload) => ({ bin: PYTHON, args: ['bench_torch.py', '--workload', workload, '--threads', '1'], cwd: peersDir, env: pythonEnv });

  const catalogue = {
    'tfjs-wasm-1t': {
      workloads: ['w1', 'w2', 'w3'],
      command: node('bench-tfjs.js', ['--backend=wasm', '--threads=1']),
      ready: () => existsSync(join(nodeModules, '@tensorflow', 'tfjs-backend-wasm')),
      why: `no ${join(nodeModules, '@tensorflow', 'tfjs-backend-wasm')}`,
      install: npmInstall,
    },
    'tfjs-cpu': {
      workloads: ['w1', 'w2', 'w3'],
      command: node('bench-tfjs.js', ['--backend=cpu']),
      ready: () => existsSync(join(nodeModules, '@tensorflow', 'tfjs')),
      why: `no ${join(nodeModules, '@tensorflow', 'tfjs')}`,
      install: npmInstall,
    },
    convnetjs: {
      workloads: ['w1', 'w2'],
      command: node('bench-convnetjs.js', []),
      ready: () => existsSync(join(nodeModules, 'convnetjs')),
      why: `no ${join(nodeModules, 'convnetjs')}`,
      install: npmInstall,
    },
    'naive-js': { workloads: ['w1', 'w2', 'w3'], command: node('bench-naive.js', []), ready: () => true, why: '', install: '' },
    'torch-1t': {
      workloads: ['w1', 'w2', 'w3'],
      command: torchCommand,
      ready: () => hasTorch() && existsSync(OPENBLAS),
      why: existsSync(PYTHON) ? 'python3 cannot import torch and numpy, or OpenBLAS is missing (torch would then use the 9× slower reference BLAS)' : `no ${PYTHON}`,
      install: 'apt-get install -y python3-torch python3-numpy libopenblas0-pthread',
    },
  };
  for (const name of wanted) {
    const peer = catalogue[name];
    if (!peer) {
      missing.push({ name, why: `no such peer; choose from ${Object.keys(catalogue).join(', ')}`, install: '' });
    } else if (peer.ready()) {
      available.push({ name, workloads: peer.workloads, command: peer.command });
    } else {
      missing.push({ name, why: peer.why, install: peer.install });
    }
  }
  return { available, missing, peersDir };
}

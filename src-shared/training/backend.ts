/**
 * Which backend takes the steps: for 'auto', the native kernels where this thread loaded them and
 * they can run the network, else the WebAssembly SIMD fast path (dense + activation layers on a host
 * with SIMD), else the TypeScript engine. All start from the same weights for a seed and compute
 * the same thing, so the choice changes speed, not results.
 */
import { backendKinds, type BackendKind } from '../api/training-settings';
import type { InitializerConfig, OptimizerConfig } from '../engine/config';
import { createNativeTrainer, createWasmTrainer, fastPathUnsupportedReason } from '../engine/fast/fast-trainer';
import { nativeBackend } from '../engine/fast/native-kernels';
import type { Rng } from '../engine/rng';
import type { ModelSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';
import { createTsTrainer } from '../engine/ts-trainer';
import type { BackendChoice } from './run-request';

export interface TrainerSettings {
  initializer: InitializerConfig;
  optimizer: OptimizerConfig;
  l2: number;
  rng: Rng;
  /** Rows per mini-batch, so the fast path sizes its buffers once. */
  batchCapacity: number;
}

export type CreatedTrainer =
  | {
      ok: true;
      trainer: Trainer;
      /** For 'auto': why a faster backend did not take the run (null when the fastest did). */
      fallback: string | null;
    }
  | { ok: false; message: string };

/** The trainer for `choice`, or why the chosen backend cannot run this network (a predicate: "wasm cannot run …"). */
export function createTrainer(spec: ModelSpec, settings: TrainerSettings, choice: BackendChoice): CreatedTrainer {
  const tried: string[] = [];
  // backendKinds is fastest first: auto tries them in that order.
  for (const kind of choice === 'auto' ? backendKinds : [choice]) {
    const made = tryBackend(kind, spec, settings);
    if ('trainer' in made) return { ok: true, trainer: made.trainer, fallback: tried.length > 0 ? tried.join('; ') : null };
    if (choice !== 'auto') return { ok: false, message: `${kind} cannot run this network: ${made.reason}; choose ${otherChoices(kind)}` };
    tried.push(`${kind}: ${made.reason}`);
  }
  // 'ts' runs every network; reaching here means the loop above returned.
  throw new Error('unreachable: the TypeScript engine refused a network');
}

function tryBackend(kind: BackendKind, spec: ModelSpec, settings: TrainerSettings): { trainer: Trainer } | { reason: string } {
  switch (kind) {
    case 'native': {
      const native = nativeBackend();
      if (!native.ok) return { reason: native.reason };
      const trainer = createNativeTrainer(spec, settings, native.backend);
      return trainer ? { trainer } : { reason: fastPathUnsupportedReason(spec) ?? 'the native kernels have no code for one of its kinds' };
    }
    case 'wasm': {
      const trainer = createWasmTrainer(spec, settings);
      return trainer ? { trainer } : { reason: fastPathUnsupportedReason(spec) ?? 'this host has no WebAssembly SIMD' };
    }
    case 'ts': {
      const { batchCapacity: _unused, ...options } = settings;
      return { trainer: createTsTrainer(spec, options) };
    }
  }
}

/** What to choose instead: the slower engines (a faster one could not run it either) or auto. */
function otherChoices(kind: BackendKind): string {
  const others = [...backendKinds.slice(backendKinds.indexOf(kind) + 1), 'auto'];
  return others.join(', ').replace(/, (?=[^,]*$)/, ' or ');
}

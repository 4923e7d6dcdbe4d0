/**
 * Which backend takes the steps: the WebAssembly SIMD fast path where it can run the network
 * (dense + activation layers on a host with SIMD), else the TypeScript engine. Both start from the
 * same weights for a seed and compute the same thing, so the choice changes speed, not results.
 */
import type { InitializerConfig, OptimizerConfig } from '../engine/config';
import { createWasmTrainer, wasmTrainerUnsupportedReason } from '../engine/fast/wasm-trainer';
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

/** The trainer for `choice`, or why 'wasm' cannot run this network (a predicate: "wasm cannot run …"). */
export function createTrainer(spec: ModelSpec, settings: TrainerSettings, choice: BackendChoice): { ok: true; trainer: Trainer } | { ok: false; message: string } {
  if (choice !== 'ts') {
    const fast = createWasmTrainer(spec, settings);
    if (fast) return { ok: true, trainer: fast };
    if (choice === 'wasm') {
      const reason = wasmTrainerUnsupportedReason(spec) ?? 'this host has no WebAssembly SIMD';
      return { ok: false, message: `wasm cannot run this network: ${reason}; choose ts or auto` };
    }
  }
  const { batchCapacity: _unused, ...options } = settings;
  return { ok: true, trainer: createTsTrainer(spec, options) };
}

/**
 * Which backend takes the steps: the WebAssembly SIMD fast path where it can run the network
 * (dense + activation layers on a host with SIMD), else the TypeScript engine. Both start from
 * the same weights for a seed and compute the same thing, so the choice changes speed, not results.
 */
import type { InitializerConfig, OptimizerConfig } from '@shared/engine/config';
import { createWasmTrainer, wasmTrainerUnsupportedReason } from '@shared/engine/fast/wasm-trainer';
import type { Rng } from '@shared/engine/rng';
import type { ModelSpec } from '@shared/engine/spec';
import type { Trainer } from '@shared/engine/trainer';
import { createTsTrainer } from '@shared/engine/ts-trainer';
import { UsageError } from './usage-error';

export const backendChoices = ['auto', 'ts', 'wasm'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export interface TrainerSettings {
  initializer: InitializerConfig;
  optimizer: OptimizerConfig;
  l2: number;
  rng: Rng;
  /** Rows per mini-batch, so the fast path sizes its buffers once. */
  batchCapacity: number;
}

export function createTrainer(spec: ModelSpec, settings: TrainerSettings, choice: BackendChoice): Trainer {
  if (choice !== 'ts') {
    const fast = createWasmTrainer(spec, settings);
    if (fast) return fast;
    if (choice === 'wasm') {
      const reason = wasmTrainerUnsupportedReason(spec) ?? 'this Node has no WebAssembly SIMD';
      throw new UsageError(`--backend wasm cannot run this network: ${reason}; use --backend ts or auto`);
    }
  }
  const { batchCapacity: _unused, ...options } = settings;
  return createTsTrainer(spec, options);
}

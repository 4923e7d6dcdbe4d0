// The native kernels' trainer against the TypeScript oracle (the same suite as the WebAssembly
// trainer's), and how 'auto', 'native' and a missing addon choose a backend.
import { describe, expect, it } from 'vitest';
import { moons } from '@shared/data/generators/moons';
import { createNativeTrainer } from '@shared/engine/fast/fast-trainer';
import { installNativeBackend, nativeBackend } from '@shared/engine/fast/native-kernels';
import { describeFastTrainer } from '@shared/engine/fast/testing/fast-trainer-suite';
import { mlpSpec } from '@shared/engine/mlp';
import { createRng } from '@shared/engine/rng';
import { createTrainer } from '@shared/training/backend';
import { installNativeKernels } from './install';

const load = installNativeKernels();
if (!load.ok) console.log(`Native trainer tests skipped: ${load.reason}.`);

// A skipped describe still collects its body: the factory asks for the kernels only when a test runs.
describe.runIf(load.ok)('the native kernels', () => {
  describeFastTrainer(
    'native',
    (spec, options) => {
      const backend = nativeBackend();
      if (!backend.ok) throw new Error(backend.reason);
      return createNativeTrainer(spec, options, backend.backend);
    },
    moons,
  );
});

describe('choosing a backend', () => {
  const spec = mlpSpec({ layers: [2, 8, 1], activation: 'relu' });
  const settings = () => ({ initializer: { kind: 'he' } as const, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const, l2: 0, rng: createRng(1), batchCapacity: 8 });

  it('auto takes the native kernels where they loaded, and falls back to WebAssembly saying why where not', () => {
    const auto = createTrainer(spec, settings(), 'auto');
    if (!auto.ok) throw new Error(auto.message);
    expect(auto.trainer.backend).toBe(load.ok ? 'native' : 'wasm');
    expect(auto.fallback).toBe(load.ok ? null : `native: ${load.ok ? '' : load.reason}`);

    const before = nativeBackend();
    installNativeBackend({ unavailable: 'the native kernels did not build at install (no C compiler)' });
    try {
      const fallback = createTrainer(spec, settings(), 'auto');
      if (!fallback.ok) throw new Error(fallback.message);
      expect(fallback.trainer.backend).toBe('wasm');
      expect(fallback.fallback).toMatch(/^native: the native kernels did not build at install \(no C compiler\)$/);
      const refused = createTrainer(spec, settings(), 'native');
      expect(refused).toEqual({ ok: false, message: 'native cannot run this network: the native kernels did not build at install (no C compiler); choose wasm, ts or auto' });
    } finally {
      installNativeBackend(before.ok ? before.backend : { unavailable: before.reason });
    }
  });

  it('a network the fast path cannot run trains on TypeScript under auto, and is refused by native and wasm with the reason', () => {
    const withBatchNorm = mlpSpec({ layers: [2, 8, 1], activation: 'relu', batchNorm: true });
    const auto = createTrainer(withBatchNorm, settings(), 'auto');
    if (!auto.ok) throw new Error(auto.message);
    expect(auto.trainer.backend).toBe('ts');
    expect(auto.fallback).toMatch(/wasm: the fast path has no batchnorm layer/);
    for (const choice of ['native', 'wasm'] as const) {
      const refused = createTrainer(withBatchNorm, settings(), choice);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.message).toMatch(new RegExp(`^${choice} cannot run this network: `));
    }
  });
});

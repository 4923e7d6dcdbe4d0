/**
 * Puts the native kernels (or the reason there are none) where the engine looks for them, once per
 * thread: each entry that trains or checks a run calls this first (the CLI, the training and
 * trial worker threads, the main process that prepares runs).
 */
import { backendLabels } from '@shared/api/training-settings';
import { installNativeBackend } from '@shared/engine/fast/native-kernels';
import { loadNativeAddon, type NativeLoad } from './addon';

let done: NativeLoad | null = null;

export function installNativeKernels(): NativeLoad {
  if (done) return done;
  done = loadNativeAddon();
  installNativeBackend(done.ok ? done.addon : { unavailable: done.reason });
  return done;
}

/** One sentence for a log: which kernels dense networks train on here, and why when not the native ones. */
export function nativeKernelsNote(): string {
  const load = installNativeKernels();
  return load.ok
    ? `Dense networks train on the ${backendLabels.native} (${load.addon.isa.toUpperCase()}).`
    : `Dense networks train on ${backendLabels.wasm}: ${load.reason}.`;
}

/**
 * Finds and loads the native kernels (native/, built from source at install by
 * scripts/build-native.mjs), once per thread. Never throws: when the addon is missing, did not
 * build, was turned off or cannot run here, the answer says why in words a person can act on, and
 * training goes on with WebAssembly (src-shared/training/backend.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeInterfaceVersion, type NativeAddon } from './native-addon-types';

const addonFile = join('native', 'build', 'Release', 'deepwire_native.node');
/** Written by scripts/build-native.mjs when the build failed: the reason, in one line. */
const unavailableFile = join('native', 'build', 'unavailable.txt');

export type NativeLoad = { ok: true; addon: NativeAddon; path: string } | { ok: false; reason: string };

let loaded: NativeLoad | null = null;

export function loadNativeAddon(): NativeLoad {
  loaded ??= load(process.env);
  return loaded;
}

function load(env: NodeJS.ProcessEnv): NativeLoad {
  if (env.DEEPWIRE_NATIVE === 'off') return { ok: false, reason: 'the native kernels are turned off (DEEPWIRE_NATIVE=off)' };
  const here = dirname(fileURLToPath(import.meta.url));
  const path = env.DEEPWIRE_NATIVE_ADDON ?? findUp(here, addonFile);
  if (!path) {
    const note = findUp(here, unavailableFile);
    const why = note ? readFileSync(note, 'utf8').trim().split('\n')[0]!.slice(0, 300) : null;
    return { ok: false, reason: why ? `the native kernels did not build at install (${why}); run \`node scripts/build-native.mjs\` to try again` : 'the native kernels are not built; run `node scripts/build-native.mjs`' };
  }
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    return { ok: false, reason: `the native kernels at ${path} did not load (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  const stale = interfaceProblem(addon, path);
  return stale ? { ok: false, reason: stale } : { ok: true, addon, path };
}

/** Why an addon built from other sources than these cannot be used (its interface differs), or null. */
export function interfaceProblem(addon: Pick<NativeAddon, 'interface'>, path: string): string | null {
  const built = addon.interface ?? 1;
  if (built === nativeInterfaceVersion) return null;
  return `the native kernels at ${path} were built from ${built < nativeInterfaceVersion ? 'older' : 'newer'} sources (interface ${built}; this Deepwire needs ${nativeInterfaceVersion}); run \`node scripts/build-native.mjs\` to rebuild them`;
}

/**
 * `file` under the nearest folder above `from` that has it: the project's root, from src-main/native
 * under tsx or from out/main when built. Packaged, the code sits in app.asar and electron-builder
 * unpacks native files beside it (app.asar.unpacked), where they must be read from.
 */
function findUp(from: string, file: string): string | null {
  let folder = from;
  for (let depth = 0; depth < 8; depth++) {
    for (const base of [folder.replace(/\.asar(?=$|[\\/])/, '.asar.unpacked'), folder]) {
      if (existsSync(join(base, file))) return join(base, file);
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return null;
}

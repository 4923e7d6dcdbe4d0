/**
 * Which better-sqlite3 native module to load. One node_modules cannot hold builds for both Node
 * and Electron (different ABIs), so scripts/postinstall.mjs builds an Electron copy under
 * .electron-native/ and the default build in node_modules keeps serving Node (tests, CLI, web host).
 * Packaged apps need neither: electron-builder rebuilds node_modules for Electron when packaging.
 */
import { join } from 'node:path';

export const electronNativeDir = '.electron-native';

export interface NativeBindingContext {
  /** process.versions.electron: set only when running inside Electron. */
  electronVersion: string | undefined;
  /** app.isPackaged (false outside Electron). */
  isPackaged: boolean;
  /** The project root (app.getAppPath() when unpackaged). */
  root: string;
  exists: (path: string) => boolean;
}

export function electronBindingPath(root: string): string {
  return join(root, electronNativeDir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** The `nativeBinding` option for `new Database(...)`, or undefined for better-sqlite3's default. */
export function chooseNativeBinding(context: NativeBindingContext): string | undefined {
  if (!context.electronVersion || context.isPackaged) return undefined;
  const path = electronBindingPath(context.root);
  return context.exists(path) ? path : undefined;
}

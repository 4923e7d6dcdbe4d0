import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNativeBinding, electronBindingPath } from './native-binding';

const root = '/home/ada/deepwire';
const built = join(root, '.electron-native/better-sqlite3/build/Release/better_sqlite3.node');
const exists = (path: string) => path === built;

describe('chooseNativeBinding', () => {
  it('uses the Electron-ABI build when running in unpackaged Electron and it exists', () => {
    expect(electronBindingPath(root)).toBe(built);
    expect(chooseNativeBinding({ electronVersion: '45.5.0', isPackaged: false, root, exists })).toBe(built);
  });

  it('uses the default build under plain Node (tests, CLI, web host)', () => {
    expect(chooseNativeBinding({ electronVersion: undefined, isPackaged: false, root, exists })).toBeUndefined();
  });

  it('uses the default build in a packaged app (electron-builder rebuilt it for Electron)', () => {
    expect(chooseNativeBinding({ electronVersion: '45.5.0', isPackaged: true, root, exists })).toBeUndefined();
  });

  it('falls back to the default build when the Electron build was never made', () => {
    expect(chooseNativeBinding({ electronVersion: '45.5.0', isPackaged: false, root, exists: () => false })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { decideStart, fallbackMessage } from './start-decision.mjs';

describe('decideStart', () => {
  it('starts Electron when the binary exists and there is a display', () => {
    expect(decideStart({ hasElectronBinary: true, platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ mode: 'electron' });
    expect(decideStart({ hasElectronBinary: true, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toEqual({ mode: 'electron' });
    expect(decideStart({ hasElectronBinary: true, platform: 'darwin', env: {} })).toEqual({ mode: 'electron' });
    expect(decideStart({ hasElectronBinary: true, platform: 'win32', env: {} })).toEqual({ mode: 'electron' });
  });

  it('fetches the binary first when there is a display but no binary yet', () => {
    expect(decideStart({ hasElectronBinary: false, platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ mode: 'fetch-electron' });
    expect(decideStart({ hasElectronBinary: false, platform: 'darwin', env: {} })).toEqual({ mode: 'fetch-electron' });
  });

  it('does not fetch when downloads are turned off', () => {
    expect(decideStart({ hasElectronBinary: false, platform: 'darwin', env: { DEEPWIRE_NO_DOWNLOAD: '1' } })).toEqual({ mode: 'web', reason: 'no-binary' });
  });

  it('falls back to the web host on a Unix without a display, binary or not', () => {
    expect(decideStart({ hasElectronBinary: true, platform: 'linux', env: {} })).toEqual({ mode: 'web', reason: 'no-display' });
    expect(decideStart({ hasElectronBinary: false, platform: 'linux', env: {} })).toEqual({ mode: 'web', reason: 'no-display' });
    expect(decideStart({ hasElectronBinary: true, platform: 'linux', env: { DISPLAY: '' } })).toEqual({ mode: 'web', reason: 'no-display' });
    expect(decideStart({ hasElectronBinary: true, platform: 'freebsd', env: {} })).toEqual({ mode: 'web', reason: 'no-display' });
  });
});

describe('fallbackMessage', () => {
  it('is one sentence naming the reason', () => {
    expect(fallbackMessage('no-binary')).toBe(
      'Electron cannot start here (no Electron binary is installed and it could not be downloaded), so Deepwire is starting its web host instead.',
    );
    expect(fallbackMessage('no-display')).toMatch(/^Electron cannot start here \(there is no display.*\), so Deepwire is starting its web host instead\.$/);
    for (const reason of ['no-binary', 'no-display'] as const) expect(fallbackMessage(reason).split('. ')).toHaveLength(1);
  });
});

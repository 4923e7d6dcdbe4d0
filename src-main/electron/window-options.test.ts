import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences!;

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('uses the given preload and nothing else injects code', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('waits for the first paint before showing the window', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Deepwire');
  });

  it('turns DevTools off when asked (packaged builds) and passes the icon', () => {
    const packaged = createWindowOptions('/p.cjs', { devTools: false, icon: '/icon.png' });
    expect(packaged.webPreferences!.devTools).toBe(false);
    expect(packaged.icon).toBe('/icon.png');
    expect(options.webPreferences!.devTools).toBe(true);
    expect(options).not.toHaveProperty('icon');
  });
});

/**
 * The one window's options. Every web preference that matters for safety is spelled out, even
 * where it equals Electron's default, so a future default change or a careless edit shows in review
 * and fails window-options.test.ts.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowExtras {
  /** Window icon (Linux and Windows use it; macOS takes the bundle's). */
  icon?: string;
  /** Off in packaged builds so the page cannot be inspected or scripted through DevTools. */
  devTools?: boolean;
}

export function createWindowOptions(preloadPath: string, extras: WindowExtras = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Deepwire',
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1e1f24',
    ...(extras.icon !== undefined && { icon: extras.icon }),
    webPreferences: {
      preload: preloadPath,
      // The renderer runs untrusted-by-policy: no Node, its own JS world, OS-level sandbox.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Dropping a file on the window must not navigate away from the app.
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: extras.devTools ?? true,
    },
  };
}

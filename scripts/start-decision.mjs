// The decisions behind `npm start`, as pure functions (tested in start-decision.test.ts).

/** @typedef {'no-binary' | 'no-display'} FallbackReason */
/** @typedef {{ mode: 'electron' } | { mode: 'fetch-electron' } | { mode: 'web', reason: FallbackReason }} StartDecision */

/**
 * Electron when there is a screen to draw on: at once when its binary exists, after fetching it
 * when not (Electron downloads its binary on first run, not at install). Without a screen, the web host.
 * @param {{ hasElectronBinary: boolean, platform: string, env: Record<string, string | undefined> }} context
 * @returns {StartDecision}
 */
export function decideStart({ hasElectronBinary, platform, env }) {
  // macOS and Windows always have a window server; other Unixes need X11 or Wayland.
  const needsDisplay = platform !== 'darwin' && platform !== 'win32';
  if (needsDisplay && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { mode: 'web', reason: 'no-display' };
  if (env.DEEPWIRE_NO_DOWNLOAD && !hasElectronBinary) return { mode: 'web', reason: 'no-binary' };
  return hasElectronBinary ? { mode: 'electron' } : { mode: 'fetch-electron' };
}

/**
 * The one sentence printed when falling back to the web host.
 * @param {FallbackReason} reason
 */
export function fallbackMessage(reason) {
  const why =
    reason === 'no-binary'
      ? 'no Electron binary is installed and it could not be downloaded'
      : 'there is no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
  return `Electron cannot start here (${why}), so Deepwire is starting its web host instead.`;
}

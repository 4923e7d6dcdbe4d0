// `npm start`: build when the sources changed, then open the desktop app, or the web host where
// Electron cannot run (no binary, or no display), so `npm start` always gives a working Deepwire.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';
import { electronBinaryPath } from './electron-binary.mjs';
import { decideStart, fallbackMessage } from './start-decision.mjs';

buildIfStale();

const binary = electronBinaryPath(root);
const decision = decideStart({ hasElectronBinary: binary !== null, platform: process.platform, env: process.env });

/** Runs a child on our terminal, passes termination signals on, and exits with its code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

/** Electron's own installer fetches its binary; then the native modules are rebuilt for it. */
function fetchElectron() {
  console.log('Fetching the Electron binary (first run only)…');
  const fetched = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (fetched.status !== 0 || electronBinaryPath(root) === null) {
    const firstLine = (fetched.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
    console.log(`The download failed: ${firstLine.trim()}`);
    return null;
  }
  spawnSync(process.execPath, [join(root, 'scripts/postinstall.mjs')], { cwd: root, stdio: 'inherit' });
  return electronBinaryPath(root);
}

const electron = decision.mode === 'electron' ? binary : decision.mode === 'fetch-electron' ? fetchElectron() : null;
if (electron) {
  run(electron, ['.']);
} else {
  console.log(fallbackMessage(decision.mode === 'web' ? decision.reason : 'no-binary'));
  run(process.execPath, [join(root, 'out/main/web.js'), ...process.argv.slice(2)]);
}

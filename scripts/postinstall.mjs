// After `npm install`: build a copy of better-sqlite3 for Electron's ABI in .electron-native/,
// leaving the Node build in node_modules untouched (one folder cannot serve both ABIs; see
// src-main/electron/native-binding.ts). Never fails the install: problems print one line, exit 0.
// The native kernels (native/, built by the `install` script just before this) need no Electron
// build of their own: they use Node-API, which is ABI-stable, so the Node build loads in Electron.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { electronBinaryPath, electronVersion } from './electron-binary.mjs';

const root = resolve(import.meta.dirname, '..');
const source = join(root, 'node_modules', 'better-sqlite3');
const target = join(root, '.electron-native', 'better-sqlite3');
const built = join(target, 'build', 'Release', 'better_sqlite3.node');
const stampFile = join(target, '.deepwire-build.json');

function main() {
  if (process.env.DEEPWIRE_SKIP_ELECTRON_REBUILD) {
    return console.log('Deepwire: skipped the Electron rebuild of better-sqlite3 (DEEPWIRE_SKIP_ELECTRON_REBUILD is set).');
  }
  if (!electronBinaryPath(root)) {
    return console.log(
      'Deepwire: skipped the Electron rebuild of better-sqlite3 because no Electron binary is installed (tests, the CLI and the web host use the Node build; for the desktop app run `npx install-electron`, then `node scripts/postinstall.mjs`).',
    );
  }
  const version = electronVersion(root);
  const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!version || !existsSync(source) || !existsSync(nodeGyp)) {
    return console.warn('Deepwire: warning: could not rebuild better-sqlite3 for Electron (electron, better-sqlite3 or node-gyp is missing from node_modules).');
  }
  const stamp = JSON.stringify({ electron: version, betterSqlite3: JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version });
  if (existsSync(built) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return console.log(`Deepwire: better-sqlite3 for Electron ${version} is already built in .electron-native/.`);
  }

  rmSync(target, { recursive: true, force: true });
  // The sources only: the Node build (build/) and any nested node_modules stay where they are.
  cpSync(source, target, {
    recursive: true,
    filter: (path) => {
      const first = relative(source, path).split(sep)[0];
      return first !== 'build' && first !== 'node_modules';
    },
  });
  const result = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: target, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 },
  );
  if (result.status !== 0 || !existsSync(built)) {
    const detail = (result.error?.message ?? `${result.stderr ?? ''}`.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${result.status}`).slice(0, 300);
    return console.warn(`Deepwire: warning: rebuilding better-sqlite3 for Electron ${version} failed (${detail}); the desktop app will not open experiments until \`node scripts/postinstall.mjs\` succeeds.`);
  }
  writeFileSync(stampFile, stamp);
  console.log(`Deepwire: built better-sqlite3 for Electron ${version} in .electron-native/ (the Node build in node_modules is unchanged).`);
}

try {
  main();
} catch (error) {
  console.warn(`Deepwire: warning: the Electron rebuild of better-sqlite3 was skipped after an error (${error instanceof Error ? error.message : String(error)}).`);
}
process.exit(0);

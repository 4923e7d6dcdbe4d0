// Builds the native kernels addon (native/, Node-API, plain C) with node-gyp:
// native/build/Release/deepwire_native.node. Run by npm's install hook and by hand:
//
//   node scripts/build-native.mjs
//
// Never fails: without a compiler, or when the build breaks, it prints one line saying why, writes
// the reason to native/build/unavailable.txt (the loader reports it) and exits 0, and Deepwire
// trains with the WebAssembly kernels instead. Node-API 8 is ABI-stable: one build serves Node and Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const native = join(root, 'native');
const unavailable = join(native, 'build', 'unavailable.txt');

/** npm's own node-gyp: the one npm passes in npm_config_node_gyp, else the one beside the npm that runs here. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const candidates = [];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a dependency of the project: look beside npm
  }
  const prefix = dirname(dirname(process.execPath));
  candidates.push(
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Headers installed with this Node (e.g. /usr/include/node): build against them instead of downloading. */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

function giveUp(reason) {
  mkdirSync(dirname(unavailable), { recursive: true });
  writeFileSync(unavailable, `${reason}\n`);
  console.log(`Deepwire: the native kernels were not built (${reason}); training uses the WebAssembly kernels.`);
  process.exit(0);
}

function main() {
  if (process.env.DEEPWIRE_SKIP_NATIVE) giveUp('DEEPWIRE_SKIP_NATIVE is set');
  const gyp = nodeGyp();
  if (!gyp) giveUp('node-gyp was not found beside npm');
  const args = [gyp, 'rebuild', '--release'];
  const dir = nodeDir();
  if (dir) args.push(`--nodedir=${dir}`);
  const result = spawnSync(process.execPath, args, { cwd: native, encoding: 'utf8' });
  if (result.error) giveUp(`node-gyp could not start: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
    const lines = output.split('\n').filter((l) => /error|not found|No such/i.test(l));
    giveUp(`node-gyp failed: ${(lines[0] ?? `exit ${result.status}`).trim()}`);
  }
  rmSync(unavailable, { force: true });
  console.log('Deepwire: built the native kernels (native/build/Release/deepwire_native.node).');
}

main();

// Builds with electron-vite when out/ is missing or older than any source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
const outputs = ['out/main/index.js', 'out/main/web.js', 'out/main/training-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const sources = ['src-main', 'src-renderer', 'src-shared', 'electron.vite.config.ts', 'svelte.config.js', 'package.json'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIsStale() {
  const built = outputs.map((p) => join(root, p));
  if (!built.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...built.map((p) => statSync(p).mtimeMs));
  return sources.some((s) => existsSync(join(root, s)) && newestMtime(join(root, s)) > oldestOutput);
}

export function buildIfStale({ quiet = false } = {}) {
  if (!buildIsStale()) return;
  if (!quiet) console.log('Building Deepwire…');
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? '');
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

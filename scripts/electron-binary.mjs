// Where the Electron executable is, without requiring the electron package: its index.js tries to
// download the binary when it is missing, which must never happen from a check.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The executable's path when node_modules/electron/path.txt names a file that exists in its dist
 * folder, else null.
 * @param {string} root the project root
 * @returns {string | null}
 */
export function electronBinaryPath(root) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return null;
  const binary = join(pkg, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/**
 * The installed electron package's version (what its headers and ABI are), or null.
 * @param {string} root
 * @returns {string | null}
 */
export function electronVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

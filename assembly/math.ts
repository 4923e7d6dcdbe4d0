// Scalar helpers shared by the kernels.

/** σ(x) = 1 / (1 + e^−x), written so that e^x is never taken of a large positive x. */
export function sigmoidOf(x: f32): f32 {
  if (x >= 0) return 1 / (1 + Mathf.exp(-x));
  const e = Mathf.exp(x);
  return e / (1 + e);
}

/** log(1 + e^−|x|): the stable tail of softplus, used by BCE on logits. */
export function log1pExpNegAbs(x: f32): f32 {
  return Mathf.log1p(Mathf.exp(-Mathf.abs(x)));
}

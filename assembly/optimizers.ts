// Parameter updates over n values. The trainer keeps all parameters, their gradients and the
// optimizer's moments in matching flat buffers, so one call updates the whole model.

/** Gradient descent: w ← w − α·g */
export function gdUpdate(w: usize, g: usize, n: i32, lr: f32): void {
  const a = f32x4.splat(lr);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) v128.store(w + i, f32x4.sub(v128.load(w + i), f32x4.mul(a, v128.load(g + i))));
  for (; i < end; i += 4) store<f32>(w + i, load<f32>(w + i) - lr * load<f32>(g + i));
}

// Each (1 − β) arrives from the caller, computed in f64: 1 − β in f32 would be off by up to 5e-5
// relative for β = 0.999 (0.999 is not exact in f32), more than the float32 rounding of a step.

/** Momentum: v ← β·v + (1−β)·g;  w ← w − α·v */
export function momentumUpdate(w: usize, g: usize, v: usize, n: i32, lr: f32, beta: f32, oneMinusBeta: f32): void {
  const a = f32x4.splat(lr);
  const b = f32x4.splat(beta);
  const b1 = f32x4.splat(oneMinusBeta);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const vi = f32x4.add(f32x4.mul(b, v128.load(v + i)), f32x4.mul(b1, v128.load(g + i)));
    v128.store(v + i, vi);
    v128.store(w + i, f32x4.sub(v128.load(w + i), f32x4.mul(a, vi)));
  }
  for (; i < end; i += 4) {
    const vi = beta * load<f32>(v + i) + oneMinusBeta * load<f32>(g + i);
    store<f32>(v + i, vi);
    store<f32>(w + i, load<f32>(w + i) - lr * vi);
  }
}

/** RMSprop: s ← β₂·s + (1−β₂)·g²;  w ← w − α·g / (√s + ε) */
export function rmspropUpdate(w: usize, g: usize, s: usize, n: i32, lr: f32, beta2: f32, oneMinusBeta2: f32, epsilon: f32): void {
  const a = f32x4.splat(lr);
  const b = f32x4.splat(beta2);
  const b1 = f32x4.splat(oneMinusBeta2);
  const e = f32x4.splat(epsilon);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const gi = v128.load(g + i);
    const si = f32x4.add(f32x4.mul(b, v128.load(s + i)), f32x4.mul(b1, f32x4.mul(gi, gi)));
    v128.store(s + i, si);
    v128.store(w + i, f32x4.sub(v128.load(w + i), f32x4.div(f32x4.mul(a, gi), f32x4.add(f32x4.sqrt(si), e))));
  }
  for (; i < end; i += 4) {
    const gi = load<f32>(g + i);
    const si = beta2 * load<f32>(s + i) + oneMinusBeta2 * gi * gi;
    store<f32>(s + i, si);
    store<f32>(w + i, load<f32>(w + i) - (lr * gi) / (Mathf.sqrt(si) + epsilon));
  }
}

/**
 * Adam with bias correction, step t ≥ 1:
 *   m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  m̂ = m / (1−β₁ᵗ);  v̂ = v / (1−β₂ᵗ);  w ← w − α·m̂ / (√v̂ + ε)
 * correction1 = 1/(1−β₁ᵗ) and correction2 = 1/(1−β₂ᵗ) are computed once per step by the caller.
 */
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, epsilon: f32, correction1: f32, correction2: f32,
): void {
  const a = f32x4.splat(lr);
  const b1 = f32x4.splat(beta1);
  const b1c = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const b2c = f32x4.splat(oneMinusBeta2);
  const e = f32x4.splat(epsilon);
  const c1 = f32x4.splat(correction1);
  const c2 = f32x4.splat(correction2);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const gi = v128.load(g + i);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(b1c, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(b2c, f32x4.mul(gi, gi)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const step = f32x4.div(f32x4.mul(a, f32x4.mul(mi, c1)), f32x4.add(f32x4.sqrt(f32x4.mul(vi, c2)), e));
    v128.store(w + i, f32x4.sub(v128.load(w + i), step));
  }
  for (; i < end; i += 4) {
    const gi = load<f32>(g + i);
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * gi;
    const vi = beta2 * load<f32>(v + i) + oneMinusBeta2 * gi * gi;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    store<f32>(w + i, load<f32>(w + i) - (lr * mi * correction1) / (Mathf.sqrt(vi * correction2) + epsilon));
  }
}

/**
 * L2 regularization ("weight decay") over dense weights only — not biases, not γ or β:
 *   J_L2 = λ/(2m) · Σ_l ‖W_l‖²_F        ∂J_L2/∂W = (λ/m) · W
 * m is the mini-batch size, so the penalty is on the same per-example scale as the loss.
 */
import { sumOfSquares } from './matrix';
import type { FloatArray, ParameterTensor } from './types';

/** λ/(2m) · ΣW² over the tensors whose role is 'weight'. */
export function l2Penalty(parameters: readonly ParameterTensor[], lambda: number, batchSize: number): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const p of parameters) if (p.role === 'weight') sum += sumOfSquares(p.value);
  // λ/(2m) · ΣW²
  return (lambda / (2 * batchSize)) * sum;
}

/** grad += (λ/m) · W for every weight tensor (call after backward has written the data gradient). */
export function addL2Gradient(parameters: readonly ParameterTensor[], lambda: number, batchSize: number): void {
  if (lambda === 0) return;
  const scale = lambda / batchSize;
  for (const p of parameters) {
    if (p.role !== 'weight') continue;
    addScaled(p.grad, p.value, scale);
  }
}

function addScaled(target: FloatArray, source: FloatArray, scale: number): void {
  // dW += (λ/m) · W
  for (let i = 0; i < target.length; i++) target[i]! += scale * source[i]!;
}

/**
 * The output activation fused with its loss. Each loss is the MEAN over the m rows of the batch
 * and the SUM over output units, and writes ∂L/∂z for the logits z of the last dense layer:
 *
 *   softmax + categorical cross-entropy   L = −(1/m) Σ_i Σ_j y_ij · log p_ij          ∂L/∂z = (p − y)/m
 *     computed as log p_ij = z_ij − max_i − log Σ_k e^{z_ik − max_i} (stable log-sum-exp)
 *   sigmoid + binary cross-entropy         L = −(1/m) Σ [y log σ(z) + (1−y) log(1−σ(z))]  ∂L/∂z = (σ(z) − y)/m
 *     computed as max(z, 0) − z·y + log(1 + e^{−|z|}) (never exponentiates a large positive)
 *   mean squared error, with the course's ½:  L = 1/(2m) Σ_i Σ_j (ŷ_ij − y_ij)²    ∂L/∂ŷ = (ŷ − y)/m
 *     linear output: ŷ = z, ∂L/∂z = (z − y)/m; sigmoid output: ŷ = σ(z), ∂L/∂z = (ŷ − y)·ŷ(1 − ŷ)/m
 */
import { sigmoid } from './activations';
import { softmaxRows } from './layers/softmax';
import { lossesForOutput, type LossKind, type OutputKind } from './spec';
import type { FloatArray } from './types';

export interface OutputLoss {
  readonly activation: OutputKind;
  readonly loss: LossKind;
  /** ŷ = output activation of the logits, for the first m rows (m × n). */
  activate(z: FloatArray, out: FloatArray, m: number, n: number): void;
  /** The batch's mean loss; when dLdZ is given, also ∂L/∂z into it (m × n). */
  lossAndGradient(z: FloatArray, y: FloatArray, m: number, n: number, dLdZ: FloatArray | null): number;
}

export const softmaxCrossEntropy: OutputLoss = {
  activation: 'softmax',
  loss: 'categorical-crossentropy',
  activate: softmaxRows,
  lossAndGradient(z, y, m, n, dLdZ) {
    let total = 0;
    for (let i = 0; i < m; i++) {
      const row = i * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (z[row + j]! > max) max = z[row + j]!;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(z[row + j]! - max);
      const logSum = Math.log(sum);
      for (let j = 0; j < n; j++) {
        // log p_j = z_j − max − log Σ_k e^{z_k − max}
        const logP = z[row + j]! - max - logSum;
        // L −= y_j · log p_j  (a zero label contributes nothing, even when log p = −∞)
        if (y[row + j]! !== 0) total -= y[row + j]! * logP;
        // ∂L/∂z_j = (p_j − y_j)/m
        if (dLdZ) dLdZ[row + j] = (Math.exp(logP) - y[row + j]!) / m;
      }
    }
    return total / m;
  },
};

export const sigmoidBinaryCrossEntropy: OutputLoss = {
  activation: 'sigmoid',
  loss: 'binary-crossentropy',
  activate: sigmoidAll,
  lossAndGradient(z, y, m, n, dLdZ) {
    let total = 0;
    const count = m * n;
    for (let i = 0; i < count; i++) {
      const zi = z[i]!;
      const yi = y[i]!;
      // −[y log σ(z) + (1−y) log(1−σ(z))] = max(z, 0) − z·y + log(1 + e^{−|z|})
      total += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
      // ∂L/∂z = (σ(z) − y)/m
      if (dLdZ) dLdZ[i] = (sigmoid(zi) - yi) / m;
    }
    return total / m;
  },
};

export const linearMeanSquaredError: OutputLoss = {
  activation: 'linear',
  loss: 'mse',
  activate(z, out, m, n) {
    for (let i = 0; i < m * n; i++) out[i] = z[i]!;
  },
  lossAndGradient(z, y, m, n, dLdZ) {
    let total = 0;
    const count = m * n;
    for (let i = 0; i < count; i++) {
      const error = z[i]! - y[i]!;
      // L = 1/(2m) Σ (z − y)²
      total += error * error;
      // ∂L/∂z = (z − y)/m
      if (dLdZ) dLdZ[i] = error / m;
    }
    return total / (2 * m);
  },
};

export const sigmoidMeanSquaredError: OutputLoss = {
  activation: 'sigmoid',
  loss: 'mse',
  activate: sigmoidAll,
  lossAndGradient(z, y, m, n, dLdZ) {
    let total = 0;
    const count = m * n;
    for (let i = 0; i < count; i++) {
      const yHat = sigmoid(z[i]!);
      const error = yHat - y[i]!;
      // L = 1/(2m) Σ (σ(z) − y)²
      total += error * error;
      // ∂L/∂z = (ŷ − y)·ŷ(1 − ŷ)/m
      if (dLdZ) dLdZ[i] = (error * yHat * (1 - yHat)) / m;
    }
    return total / (2 * m);
  },
};

function sigmoidAll(z: FloatArray, out: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m * n; i++) out[i] = sigmoid(z[i]!);
}

/** The fused loss of each output with each loss it allows (spec.ts lossesForOutput; a test checks every allowed pair has one). */
const outputLosses: Record<OutputKind, Partial<Record<LossKind, OutputLoss>>> = {
  softmax: { 'categorical-crossentropy': softmaxCrossEntropy },
  sigmoid: { 'binary-crossentropy': sigmoidBinaryCrossEntropy, mse: sigmoidMeanSquaredError },
  linear: { mse: linearMeanSquaredError },
};

/** The fused output + loss for a spec's output; refuses pairs that spec.ts does not allow. */
export function outputLossFor(activation: OutputKind, loss: LossKind): OutputLoss {
  const found = outputLosses[activation][loss];
  if (!found || !lossesForOutput[activation].includes(loss)) {
    throw new Error(`A ${activation} output cannot be trained with ${loss}; use ${lossesForOutput[activation].join(' or ')}.`);
  }
  return found;
}

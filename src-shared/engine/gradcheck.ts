/**
 * Gradient checking, the course's way: compare backprop's gradient g with centered differences
 *   g̃_i = (J(θ_i + h) − J(θ_i − h)) / 2h
 * in FLOAT64 (a float64 twin of the model), with dropout off and batch norm in training mode
 * (batch statistics, running averages untouched) so that J is a pure function of θ, and the
 * L2 term included when λ > 0. The measure is ‖g − g̃‖₂ / (‖g‖₂ + ‖g̃‖₂), overall, per layer and
 * per tensor; the verdict uses the course's thresholds, and is 'inconclusive' when every checked
 * tensor's gradients are both zero (nothing was confirmed).
 */
import type { InitializerConfig } from './config';
import { buildModel, type Model } from './model';
import { createRng, type Rng } from './rng';
import type { ModelSpec } from './spec';
import type { WeightsDocument } from './trainer';
import { GRADIENT_CHECK, type FloatArray } from './types';
import { importModelWeights } from './weights';

/**
 * 'inconclusive': no checked tensor had a gradient centered differences can resolve (analytic and
 * numerical both zero everywhere), so the check confirmed nothing, e.g. a layer that outputs 0.
 */
export type GradientVerdict = 'good' | 'look closer' | 'wrong' | 'inconclusive';

export interface TensorCheck {
  name: string;
  layer: string;
  relativeDifference: number;
  /**
   * Both gradients are zero within what centered differences can resolve at this h (e.g. a dense
   * bias right before batch norm, whose true gradient is 0); relativeDifference is then reported
   * as 0, because the ratio of two rounding noises means nothing.
   */
  belowResolution: boolean;
  /** How many entries were compared (all, unless sampling was asked for). */
  checked: number;
  size: number;
}

export interface GradientCheckReport {
  relativeDifference: number;
  verdict: GradientVerdict;
  /** What the verdict means, in a sentence a learner can act on. */
  explanation: string;
  layers: { name: string; relativeDifference: number }[];
  tensors: TensorCheck[];
  /** The entry with the largest |analytic − numeric| (null when nothing was checked). */
  worst: { tensor: string; index: number; analytic: number; numeric: number } | null;
  epsilon: number;
  l2: number;
}

export interface GradientCheckOptions {
  /** λ of the L2 term (default 0). */
  l2?: number;
  /** The step h of the centered difference (default 1e-6: truncation error ~h², rounding ~1e-16/h). */
  epsilon?: number;
  /** Compare at most this many entries per tensor, chosen with `sampleRng` (default: all). */
  maxPerTensor?: number;
  sampleRng?: Rng;
}

/** ‖a − b‖₂ / (‖a‖₂ + ‖b‖₂), defined as 0 when both are zero. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    difference += d * d;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  const denominator = Math.sqrt(normA) + Math.sqrt(normB);
  if (denominator === 0) return difference === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.sqrt(difference) / denominator;
}

/** The course's reading: ≤ 1e-7 great, up to 1e-3 worth a closer look, above 1e-3 a bug. */
export function gradientVerdict(relative: number): { verdict: GradientVerdict; explanation: string } {
  if (!(relative <= 1e-3)) {
    return { verdict: 'wrong', explanation: `Relative difference ${relative.toExponential(2)} > 1e-3: backprop very likely has a bug; look at the worst tensor.` };
  }
  if (relative <= 1e-7) return { verdict: 'good', explanation: `Relative difference ${relative.toExponential(2)} ≤ 1e-7: backprop matches the numerical gradient.` };
  if (relative <= 1e-5) {
    return { verdict: 'look closer', explanation: `Relative difference ${relative.toExponential(2)} is between 1e-7 and 1e-5: probably fine, but check the worst tensor (ReLU kinks can cause this).` };
  }
  return { verdict: 'look closer', explanation: `Relative difference ${relative.toExponential(2)} is between 1e-5 and 1e-3: suspicious; find the tensor whose entries differ most.` };
}

/** The verdict when nothing had a gradient to compare. */
function inconclusive(h: number): { verdict: GradientVerdict; explanation: string } {
  return {
    verdict: 'inconclusive',
    explanation:
      `Inconclusive: the analytic and numerical gradients are both zero (within what centered differences resolve at h = ${h}) for every checked tensor, ` +
      'so the check confirmed nothing. The loss does not change with any parameter here: look for a layer or activation whose output is constant (e.g. 0), dead ReLUs, or all-zero weights.',
  };
}

/** A tensor to check: its values are perturbed in place and restored. */
export interface GradientProbe {
  name: string;
  layer: string;
  values: FloatArray;
  /** The analytic gradient, captured before any perturbation. */
  analytic: ArrayLike<number>;
}

/**
 * Compares each probe's analytic gradient with centered differences of `loss` (which must read
 * the probes' current values) and summarises the result.
 */
export function compareWithNumericGradient(probes: readonly GradientProbe[], loss: () => number, options: GradientCheckOptions = {}): GradientCheckReport {
  const h = options.epsilon ?? 1e-6;
  // Rounding in J(θ ± h) leaves each numeric entry uncertain by about ε_machine·|J|/h; gradients
  // within a few times that of zero cannot be compared.
  const resolutionPerEntry = (8 * Number.EPSILON * Math.max(1, Math.abs(loss()))) / h;
  const compare = (analytic: ArrayLike<number>, numeric: ArrayLike<number>): { relativeDifference: number; belowResolution: boolean } => {
    const floor = resolutionPerEntry * Math.sqrt(analytic.length);
    const belowResolution = analytic.length > 0 && norm(analytic) <= floor && norm(numeric) <= floor;
    return { relativeDifference: belowResolution ? 0 : relativeDifference(analytic, numeric), belowResolution };
  };
  const tensors: TensorCheck[] = [];
  const allAnalytic: number[] = [];
  const allNumeric: number[] = [];
  const byLayer = new Map<string, { analytic: number[]; numeric: number[] }>();
  let worst: GradientCheckReport['worst'] = null;
  let worstGap = -1;

  for (const probe of probes) {
    const indices = chooseIndices(probe.values.length, options);
    const analytic: number[] = [];
    const numeric: number[] = [];
    for (const index of indices) {
      const original = probe.values[index]!;
      probe.values[index] = original + h;
      const plus = loss();
      probe.values[index] = original - h;
      const minus = loss();
      probe.values[index] = original;
      // g̃ = (J(θ + h) − J(θ − h)) / 2h
      const estimate = (plus - minus) / (2 * h);
      const exact = probe.analytic[index]!;
      analytic.push(exact);
      numeric.push(estimate);
      const gap = Math.abs(exact - estimate);
      if (gap > worstGap || Number.isNaN(gap)) {
        worstGap = Number.isNaN(gap) ? Number.POSITIVE_INFINITY : gap;
        worst = { tensor: probe.name, index, analytic: exact, numeric: estimate };
      }
    }
    tensors.push({ name: probe.name, layer: probe.layer, ...compare(analytic, numeric), checked: indices.length, size: probe.values.length });
    const layer = byLayer.get(probe.layer) ?? { analytic: [], numeric: [] };
    layer.analytic.push(...analytic);
    layer.numeric.push(...numeric);
    byLayer.set(probe.layer, layer);
    allAnalytic.push(...analytic);
    allNumeric.push(...numeric);
  }

  const overall = compare(allAnalytic, allNumeric).relativeDifference;
  // A tensor that is zero within resolution (a bias before batch norm) confirms nothing on its own;
  // only when no tensor at all had a resolvable gradient is the whole check unable to judge.
  const resolved = tensors.some((t) => t.checked > 0 && !t.belowResolution);
  return {
    relativeDifference: overall,
    ...(resolved ? gradientVerdict(overall) : inconclusive(h)),
    layers: [...byLayer].map(([name, values]) => ({ name, relativeDifference: compare(values.analytic, values.numeric).relativeDifference })),
    tensors,
    worst,
    epsilon: h,
    l2: options.l2 ?? 0,
  };
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

function chooseIndices(size: number, options: GradientCheckOptions): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  const limit = options.maxPerTensor;
  if (limit === undefined || limit >= size) return all;
  const rng = options.sampleRng ?? createRng(0);
  return rng.shuffleInPlace(all).slice(0, limit).sort((a, b) => a - b);
}

/** Checks a float64 model on one batch (x: batchSize × inputSize, y: batchSize × outputs). */
export function gradientCheckModel(model: Model<Float64Array>, x: Float64Array, y: Float64Array, batchSize: number, options: GradientCheckOptions = {}): GradientCheckReport {
  if (model.dtype !== 'float64') throw new Error('Gradient checks need the float64 twin of the model (buildModel with dtype "float64").');
  const l2 = options.l2 ?? 0;
  model.lossAndGradient(x, y, batchSize, GRADIENT_CHECK, l2);
  const probes = model.parameters.map((p) => ({ name: p.name, layer: p.layer, values: p.value, analytic: Float64Array.from(p.grad) }));
  return compareWithNumericGradient(probes, () => model.loss(x, y, batchSize, GRADIENT_CHECK, l2), options);
}

export interface GradientCheckInput extends GradientCheckOptions {
  spec: ModelSpec;
  /** Weights to check at (e.g. a trainer's exportWeights()); without them the model is initialized. */
  weights?: WeightsDocument;
  initializer?: InitializerConfig;
  /** Seed for the initial weights when no weights are given (default 0). */
  seed?: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  batchSize: number;
}

/** Builds the float64 twin of a spec (optionally loading weights) and checks it on one batch. */
export function gradientCheck(input: GradientCheckInput): GradientCheckReport {
  const model = buildModel<Float64Array>(input.spec, { initializer: input.initializer ?? { kind: 'he' }, rng: createRng(input.seed ?? 0), dtype: 'float64' });
  if (input.weights) importModelWeights(model, input.weights);
  return gradientCheckModel(model, Float64Array.from(input.x), Float64Array.from(input.y), input.batchSize, input);
}

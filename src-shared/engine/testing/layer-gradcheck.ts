/**
 * Gradient check of ONE layer in float64, for the layer tests (and the fast path's, against the
 * same layers): the scalar L = Σ R ⊙ layer(x) with a fixed random R has ∂L/∂output = R, so
 * backward(R) must give ∂L/∂x and every parameter's grad, which are compared with centered
 * differences of L.
 */
import { compareWithNumericGradient, type GradientCheckReport, type GradientProbe } from '../gradcheck';
import type { Layer } from '../layers/layer';
import type { Rng } from '../rng';
import type { ForwardMode } from '../types';

export interface LayerCheckOptions {
  /** Mode of the first forward pass (the one backward differentiates). */
  mode: ForwardMode;
  /** Mode of the perturbed passes; differs only for dropout ('reuse' keeps the first mask). Default: mode. */
  perturbedMode?: ForwardMode;
  /** Draws R and nothing else. */
  rng: Rng;
  epsilon?: number;
}

export function gradientCheckLayer(layer: Layer<Float64Array>, x: Float64Array, batchSize: number, options: LayerCheckOptions): GradientCheckReport {
  const count = batchSize * layer.outputSize;
  const projection = new Float64Array(count);
  for (let i = 0; i < count; i++) projection[i] = options.rng.normal();

  layer.forward(x, batchSize, options.mode);
  const dLdX = layer.backward(projection, batchSize, true);
  if (!dLdX) throw new Error(`${layer.name}: backward returned no input gradient.`);

  const probes: GradientProbe[] = [
    { name: `${layer.name}.input`, layer: `${layer.name}.input`, values: x, analytic: Float64Array.from(dLdX.subarray(0, batchSize * layer.inputSize)) },
    ...layer.parameters.map((p) => ({ name: p.name, layer: p.layer, values: p.value, analytic: Float64Array.from(p.grad) })),
  ];
  const perturbedMode = options.perturbedMode ?? options.mode;
  // L = Σ R ⊙ layer(x)
  const loss = (): number => {
    const y = layer.forward(x, batchSize, perturbedMode);
    let sum = 0;
    for (let i = 0; i < count; i++) sum += projection[i]! * y[i]!;
    return sum;
  };
  return compareWithNumericGradient(probes, loss, options.epsilon === undefined ? {} : { epsilon: options.epsilon });
}

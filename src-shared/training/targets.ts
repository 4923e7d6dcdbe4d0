/**
 * What the network is trained against, derived from a data set and the model's output:
 * softmax → one-hot over the classes; sigmoid with one unit → the label as 0/1 (two classes);
 * sigmoid with k units → one-hot (one unit per class); linear with one unit → the label's numeric
 * value (CSV numbers) or its class index; linear with k units → one-hot.
 */
import type { ModelSpec } from '../engine/spec';
import { layerOutputSizes } from '../engine/spec';
import { oneHot, type Dataset } from '../data/dataset';

export function outputUnits(spec: ModelSpec): number {
  return layerOutputSizes(spec).at(-1)!;
}

/** Why this model cannot be trained on this data, or null when input and output sizes agree. */
export function describeShapeMismatch(spec: ModelSpec, data: Pick<Dataset, 'features' | 'classes'>): string | null {
  const units = outputUnits(spec);
  const { activation } = spec.output;
  if (spec.inputSize !== data.features) {
    return `the network takes ${spec.inputSize} inputs but the data set has ${data.features} features; make the first layer size ${data.features}.`;
  }
  if (activation === 'softmax' && units !== data.classes) {
    return `a softmax output needs one unit per class: the data set has ${data.classes} classes but the output layer has ${units} units.`;
  }
  if (activation === 'sigmoid' && units === 1 && data.classes > 2) {
    return `a single sigmoid unit separates two classes, but the data set has ${data.classes}; use a softmax output with ${data.classes} units.`;
  }
  if (activation === 'sigmoid' && units !== 1 && units !== data.classes) {
    return `a sigmoid output needs 1 unit (two classes) or one unit per class (${data.classes}), not ${units}.`;
  }
  if (activation === 'linear' && units !== 1 && units !== data.classes) {
    return `a linear output needs 1 unit (the label's value) or one unit per class (${data.classes}), not ${units}.`;
  }
  return null;
}

/** rows × units target matrix for `data` under `spec`'s output (call describeShapeMismatch first). */
export function targetsFor(spec: ModelSpec, data: Dataset): Float32Array {
  const units = outputUnits(spec);
  if (units > 1) return oneHot(data.y, units);
  if (spec.output.activation === 'linear' && data.values) return data.values.slice();
  return Float32Array.from(data.y);
}

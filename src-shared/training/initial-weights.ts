/**
 * Starting a run from a kept model ("Continue"): the model must be the very network the run
 * builds and must have been trained on inputs scaled the same way, or its weights mean nothing
 * here. Main checks before queuing the run; the worker checks again before the first step.
 */
import type { ModelDocument } from '../engine/model-document';
import type { PreparedRun } from './prepare-run';

/** Why `model` cannot be the starting point of `run`, as a sentence, or null when it can. */
export function initialWeightsProblem(run: Pick<PreparedRun, 'spec' | 'normalizer'>, model: ModelDocument): string | null {
  if (!sameJson(model.spec, run.spec)) {
    return `the kept model is a different network (${describeSpec(model.spec)}) from the one this run builds (${describeSpec(run.spec)}); its weights cannot start it`;
  }
  if (!sameJson(model.normalization, run.normalizer)) {
    return `the data is not scaled as it was when the model was trained (its ${model.normalization.kind} normalization differs from this run's ${run.normalizer.kind}: the data or its split changed); train a new run instead`;
  }
  return null;
}

/** Loads the model's weights into the run's trainer; call after initialWeightsProblem returned null. */
export function importInitialWeights(run: Pick<PreparedRun, 'trainer'>, model: ModelDocument): void {
  run.trainer.importWeights({ format: 'deepwire-weights', version: 1, spec: model.spec, tensors: model.weights });
}

function describeSpec(spec: ModelDocument['spec']): string {
  return `${spec.inputSize} inputs, ${spec.layers.length} layers, ${spec.output.activation} output`;
}

/** Equal as JSON values, whatever the order of object keys (a document read back from a store may reorder them). */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

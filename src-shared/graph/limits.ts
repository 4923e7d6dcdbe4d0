/** Size limits a model must stay within, in one place so validation, edits, run setup and messages agree. */
import { parameterCount, type ModelSpec } from '../engine/spec';
import { formatBytes, trainingBytesPerParameter } from './shapes';

/** Networks with more trainable parameters are refused (about 800 MB of training state with Adam). */
export const defaultMaxParameters = 50_000_000;
/** The model spec's own limit on its layer list. */
export const maxLayers = 256;
/** The document schema's limits (doc.ts). */
export const maxNodes = 500;
export const maxEdges = 1000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Why a network of `parameters` trainable parameters is refused, or null. The text continues a
 * subject ("This network …", "--layers 2,4096,1 …"), so every way a model is made (a design, the
 * --layers shorthand, a run request) says the same thing.
 */
export function parameterLimitProblem(parameters: number, maxParameters = defaultMaxParameters): string | null {
  if (parameters <= maxParameters) return null;
  return (
    `has ${count(parameters)} parameters (about ${formatBytes(parameters * trainingBytesPerParameter)} for weights, gradients and Adam's state), ` +
    `over the limit of ${count(maxParameters)}`
  );
}

/** parameterLimitProblem for a model spec: checked before anything is allocated for it. */
export function modelSizeProblem(spec: Pick<ModelSpec, 'inputSize' | 'layers'>, maxParameters = defaultMaxParameters): string | null {
  return parameterLimitProblem(parameterCount(spec), maxParameters);
}

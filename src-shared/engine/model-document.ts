/**
 * A saved model: one versioned JSON document with the spec, the weights (batch-norm running
 * statistics included), the input normalization the data module applied (kept opaque here) and
 * metadata (when, which seed, which training settings). Parsing returns errors as data.
 */
import { z } from 'zod';
import { ModelSpec } from './spec';
import { SavedTensor, weightProblems } from './weights';

export const MODEL_FORMAT = 'deepwire-model';
export const MODEL_VERSION = 1;

/** Owned by the data module; the engine only requires the kind and keeps the rest as it is. */
export const InputNormalization = z.looseObject({ kind: z.enum(['zscore', 'minmax', 'none']) });
export type InputNormalization = z.infer<typeof InputNormalization>;

export const ModelMetadata = z
  .object({
    /** ISO 8601 time of saving. */
    createdAt: z.string().min(1),
    seed: z.number().int(),
    /** Optimizer, schedule, batch size, epochs, …: JSON values as the training module records them. */
    training: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ModelMetadata = z.infer<typeof ModelMetadata>;

export const ModelDocument = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    spec: ModelSpec,
    weights: z.record(z.string(), SavedTensor),
    normalization: InputNormalization,
    metadata: ModelMetadata,
  })
  .strict();
export type ModelDocument = z.infer<typeof ModelDocument>;

export interface SerializeModelInput {
  /** A trainer's exportWeights(). */
  weights: { spec: ModelSpec; tensors: Record<string, SavedTensor> };
  normalization: InputNormalization;
  metadata: ModelMetadata;
}

export function createModelDocument(input: SerializeModelInput): ModelDocument {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: input.weights.spec,
    weights: input.weights.tensors,
    normalization: input.normalization,
    metadata: input.metadata,
  };
}

/** The document as JSON text. Refuses weights that do not fit the spec, or non-finite values. */
export function serializeModel(input: SerializeModelInput): string {
  const problems = weightProblems(input.weights.spec, input.weights.tensors);
  if (problems.length > 0) throw new Error(`Cannot save this model: ${problems.join(' ')}`);
  return JSON.stringify(createModelDocument(input));
}

export type ParseModelResult = { ok: true; document: ModelDocument } | { ok: false; error: string };

/** Reads a model document from JSON text, saying exactly why it cannot be used when it cannot. */
export function parseModelDocument(json: string): ParseModelResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON (${(error as Error).message}).` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'The file is not a Deepwire model: expected a JSON object.' };
  const header = raw as { format?: unknown; version?: unknown };
  if (header.format !== MODEL_FORMAT) {
    const found = header.format === undefined ? 'no format field' : `format "${String(header.format)}"`;
    const hint = header.format === 'deepwire-weights' ? ' It holds bare weights; load it into a trainer with importWeights.' : '';
    return { ok: false, error: `The file is not a Deepwire model (${found}; expected "${MODEL_FORMAT}").${hint}` };
  }
  if (typeof header.version === 'number' && header.version > MODEL_VERSION) {
    return { ok: false, error: `This model was saved by a newer Deepwire (model format version ${header.version}; this one reads version ${MODEL_VERSION}). Update Deepwire to open it.` };
  }
  const parsed = ModelDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'document';
    return { ok: false, error: `The model file is damaged or incomplete: ${where}: ${issue?.message ?? 'invalid'}.` };
  }
  const problems = weightProblems(parsed.data.spec, parsed.data.weights);
  if (problems.length > 0) return { ok: false, error: `The weights in the model file do not match its network: ${problems.join(' ')}` };
  return { ok: true, document: parsed.data };
}

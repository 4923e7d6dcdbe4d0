/**
 * A model's tensors as a WeightsDocument (trainer.ts): the JSON-safe form both backends export
 * and import. Import checks names and shapes against the model and says what does not fit.
 */
import { z } from 'zod';
import type { Model } from './model';
import { tensorLayout } from './naming';
import { ModelSpec } from './spec';
import type { WeightsDocument } from './trainer';
import type { FloatArray } from './types';

export const SavedTensor = z
  .object({ rows: z.number().int().min(1), cols: z.number().int().min(1), values: z.array(z.number()) })
  .strict();
export type SavedTensor = z.infer<typeof SavedTensor>;

export const WeightsDocumentSchema = z
  .object({
    format: z.literal('deepwire-weights'),
    version: z.literal(1),
    spec: ModelSpec,
    tensors: z.record(z.string(), SavedTensor),
  })
  .strict();

export function exportModelWeights(model: Model): WeightsDocument {
  const tensors: WeightsDocument['tensors'] = {};
  for (const t of [...model.parameters, ...model.state]) tensors[t.name] = { rows: t.rows, cols: t.cols, values: Array.from(t.value) };
  return { format: 'deepwire-weights', version: 1, spec: model.spec, tensors };
}

/**
 * What keeps these tensors from loading into a model of `spec`: missing or extra tensors, shape
 * mismatches, wrong value counts, non-finite values. Empty when they fit.
 */
export function weightProblems(spec: Pick<ModelSpec, 'inputSize' | 'layers'>, tensors: Record<string, SavedTensor>): string[] {
  const problems: string[] = [];
  const expected = tensorLayout(spec);
  const expectedNames = new Set(expected.map((t) => t.name));
  for (const layout of expected) {
    const saved = tensors[layout.name];
    if (!saved) {
      problems.push(`"${layout.name}" is missing (expected ${layout.rows}×${layout.cols}).`);
      continue;
    }
    if (saved.rows !== layout.rows || saved.cols !== layout.cols) {
      problems.push(`"${layout.name}" is ${saved.rows}×${saved.cols} but the model needs ${layout.rows}×${layout.cols}.`);
    } else if (saved.values.length !== layout.rows * layout.cols) {
      problems.push(`"${layout.name}" should hold ${layout.rows * layout.cols} values but holds ${saved.values.length}.`);
    } else if (!saved.values.every(Number.isFinite)) {
      problems.push(`"${layout.name}" contains values that are not finite numbers.`);
    }
  }
  for (const name of Object.keys(tensors)) if (!expectedNames.has(name)) problems.push(`"${name}" is not a tensor of this model.`);
  return problems;
}

/** Copies saved tensors into the model; throws one readable error listing every mismatch. */
export function importModelWeights(model: Model, input: unknown): void {
  const parsed = WeightsDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`These are not Deepwire weights: ${issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'invalid document'}.`);
  }
  const problems = weightProblems(model.spec, parsed.data.tensors);
  if (problems.length > 0) throw new Error(`The weights do not fit this model: ${problems.join(' ')}`);
  for (const t of [...model.parameters, ...model.state]) copyInto(t.value, parsed.data.tensors[t.name]!.values);
}

function copyInto(target: FloatArray, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) target[i] = values[i]!;
}

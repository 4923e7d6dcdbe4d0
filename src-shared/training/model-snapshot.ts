/**
 * A run's trained model as the engine's model document (weights, the normalization the run fitted,
 * metadata), and checkpoints (that document plus the optimizer's state) taken every few epochs.
 * The training worker and the command line build them here, so both record the same thing.
 */
import { createModelDocument, ModelDocument } from '../engine/model-document';
import { weightProblems } from '../engine/weights';
import type { PreparedRun } from './prepare-run';
import type { TrainingResult } from './progress';

/** A point to roll back to or continue from: the model and the optimizer's moments and step count. */
export interface CheckpointDocument {
  model: ModelDocument;
  /** The trainer's optimizerState(): opaque, JSON-safe. */
  optimizerState: unknown;
}

/** What of a prepared run a model document is made from. */
export type ModelSource = Pick<PreparedRun, 'trainer' | 'normalizer' | 'config' | 'name' | 'train' | 'featureNames'>;

/**
 * The trainer's current weights as a model document. `extra` joins the training settings in the
 * metadata (status, epochs so far). Null when a weight is not finite: such weights are no model.
 */
export function trainedModelDocument(source: ModelSource, extra: Record<string, unknown>, createdAt = new Date()): ModelDocument | null {
  const { trainer, normalizer, config, name, train, featureNames } = source;
  const weights = trainer.exportWeights();
  if (weightProblems(weights.spec, weights.tensors).length > 0) return null;
  return createModelDocument({
    weights,
    normalization: normalizer,
    metadata: {
      createdAt: createdAt.toISOString(),
      seed: config.seed,
      // Plain JSON (the store and the worker's messages carry it as such).
      training: JSON.parse(JSON.stringify({ ...config, dataset: name, classNames: train.classNames ?? null, featureNames, ...extra })) as Record<string, unknown>,
    },
  });
}

/** The final model of an ended run, or null for a diverged one (its weights are not finite numbers). */
export function finalModelDocument(source: ModelSource, result: TrainingResult): ModelDocument | null {
  if (result.status === 'diverged') return null;
  return trainedModelDocument(source, { status: result.status, epochs: result.epochs });
}

/** The model and the optimizer's state now, or null when a weight is not finite. */
export function checkpointDocument(source: ModelSource, epoch: number): CheckpointDocument | null {
  const model = trainedModelDocument(source, { epochs: epoch });
  return model && { model, optimizerState: source.trainer.optimizerState() };
}

/** Checkpoints are taken every this many epochs: at most about ten a run, whatever its length. */
export function checkpointEvery(epochs: number): number {
  return Math.max(1, Math.ceil(epochs / 10));
}

/** A model document read back from a store, checked, or why it cannot be used. */
export function storedModelDocument(raw: unknown): { ok: true; document: ModelDocument } | { ok: false; error: string } {
  const parsed = ModelDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `the kept model is damaged (${issue && issue.path.length > 0 ? issue.path.join('.') : 'document'}: ${issue?.message ?? 'invalid'})` };
  }
  const problems = weightProblems(parsed.data.spec, parsed.data.weights);
  if (problems.length > 0) return { ok: false, error: `the kept weights do not match their network: ${problems.join(' ')}` };
  return { ok: true, document: parsed.data };
}

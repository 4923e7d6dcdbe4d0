/**
 * Where an exported or applied model comes from: a run in the experiment history (its kept final
 * model) or a model document saved with --save-model. Refusals say why and what to do instead.
 */
import { readFileSync } from 'node:fs';
import { parseModelDocument, type ModelDocument } from '@shared/engine/model-document';
import { storedModelDocument } from '@shared/training/model-snapshot';
import type { RunStore } from '../services/training/run-store';

export type ModelSource = { ok: true; document: ModelDocument; name: string } | { ok: false; message: string };

/** The final model a run kept, under the run's label; or why there is none. */
export function modelOfRun(store: Pick<RunStore, 'summary' | 'model' | 'design'>, runId: string): ModelSource {
  const summary = store.summary(runId);
  if (!summary) return { ok: false, message: `There is no run ${runId} in the history; \`deepwire history\` lists the runs there are.` };
  if (summary.state === 'diverged') {
    return { ok: false, message: `${runId} diverged: its weights are not finite numbers, so there is no model to export. Roll back to a checkpoint before it diverged, or train again with a lower learning rate.` };
  }
  const raw = store.model(runId);
  if (raw === null || raw === undefined) {
    const why = summary.state === 'queued' || summary.state === 'running' || summary.state === 'paused' ? 'it is still training; its model is kept when it ends' : `it ended ${summary.state} without keeping one (a run stopped before its first epoch ended, or one that failed, has no weights)`;
    return { ok: false, message: `${runId} has no trained model: ${why}.` };
  }
  const checked = storedModelDocument(raw);
  if (!checked.ok) return { ok: false, message: `${runId}'s model cannot be used: ${checked.error}.` };
  return { ok: true, document: checked.document, name: store.design(runId)?.name || summary.label };
}

/** A model document file (deepwire train --save-model), checked; or why it cannot be used. */
export function modelOfFile(path: string): ModelSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `There is no file ${path}.` : `${path} could not be read (${code ?? String(error)}).` };
  }
  const parsed = parseModelDocument(text);
  if (!parsed.ok) return { ok: false, message: `${path}: ${parsed.error}` };
  const dataset = parsed.document.metadata.training.dataset;
  return { ok: true, document: parsed.document, name: typeof dataset === 'string' ? `model on ${dataset}` : 'model' };
}

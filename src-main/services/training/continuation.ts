/**
 * "Continue": what a new run needs to train an ended run further from its kept model — the
 * recorded design and settings (with the epochs asked for), the link and the weights — or a
 * CommandError saying why that run cannot be continued.
 */
import { CommandError, commands, endedRunStates, type ParsedRequestOf } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import { storedModelDocument } from '@shared/training/model-snapshot';
import type { BranchStart } from '../../workers/protocol';
import type { RunStore } from './run-store';

/** history:continue's request: the ended run to train further, and for how many epochs (default: as many as it planned). */
export interface ContinueRequest {
  runId: string;
  epochs?: number | undefined;
}

/** What a continued run adds to a start: its link, its label and the weights it starts from (and for a branch, where it picks up). */
export interface Continuation {
  continuedFrom: string;
  label: string;
  initialWeights: ModelDocument;
  /** Set for a branch from a checkpoint (training:rollback, rollback.ts). */
  branch?: BranchStart & { branchedAt: { epoch: number; step: number } };
}

const suffix = ' (continued)';

export function continuationOf(store: RunStore, { runId, epochs }: ContinueRequest): { input: ParsedRequestOf<'training:start'>; continuation: Continuation } {
  const source = store.summary(runId);
  if (!source) throw new CommandError('not_found', `There is no run ${runId} to continue; the History view lists the runs there are.`);
  if (!endedRunStates.includes(source.state)) throw new CommandError('conflict', `${runId} cannot be continued while it is ${source.state}: wait until it ends, or stop it.`);
  const design = store.design(runId);
  if (!design) {
    throw new CommandError('not_found', `${runId} cannot be continued: it recorded no design (an earlier version of Deepwire kept none for command-line --layers runs); train its network from a design instead.`);
  }
  const raw = store.model(runId);
  if (raw === null || raw === undefined) throw new CommandError('conflict', `${runId} cannot be continued: ${whyNoModel(source.state)}. Restore it and train it afresh instead.`);
  const model = storedModelDocument(raw);
  if (!model.ok) throw new CommandError('conflict', `${runId} cannot be continued: ${model.error}. Restore it and train it afresh instead.`);

  const settings = { ...source.settings, settings: { ...source.settings.settings, epochs: epochs ?? source.epochs } };
  const input = commands['training:start'].request.safeParse({ design: design.doc, name: design.name, settings });
  if (!input.success) {
    throw new CommandError('conflict', `${runId} cannot be continued: its recorded design or settings no longer read as a run (${input.error.issues[0]?.message ?? 'invalid'}).`);
  }
  // Continuing a continuation keeps one suffix: the link says how deep the chain is.
  const label = source.label.endsWith(suffix) ? source.label : `${source.label}${suffix}`;
  return { input: input.data, continuation: { continuedFrom: runId, label, initialWeights: model.document } };
}

function whyNoModel(state: string): string {
  if (state === 'diverged') return 'it diverged, so its weights are not finite numbers and were not kept';
  if (state === 'interrupted' || state === 'failed') return `it was ${state} before its weights were kept`;
  return 'its weights were not kept';
}

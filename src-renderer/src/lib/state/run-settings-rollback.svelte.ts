/**
 * Panda's rollback form: the settings Apply can change while a run trains (learning rate, the
 * optimizer's β's and ε, L2 λ, mini-batch size), prefilled with what the run trains with now, typed
 * and checked like the Run tab's fields. What it sends is every value that differs from what the
 * run had at the checkpoint or from its original settings, so the branch trains with exactly the
 * values on screen whichever of the two the service starts it from.
 */
import type { AdjustmentChanges, RunSummary } from '@shared/api';
import { hyperparameterSpecs, type HyperparameterName } from '@shared/engine/optimizers/registry';
import { changedOnly, currentValues } from './adjustment-diff';
import { checkNumber, hyperparameterOption, optimizerFields, settingsSchemas } from './run-settings-fields';
import type { Checkpoint } from './training.svelte';

export interface RollbackField {
  id: string;
  label: string;
}

const asText = (value: unknown) => (typeof value === 'number' ? String(value) : '');

export class RollbackDraft {
  readonly runId: string;
  readonly checkpoint: Checkpoint;
  readonly fields: readonly RollbackField[];
  drafts = $state<Record<string, string>>({});

  /** The problem of each field, by id. */
  readonly errors: Record<string, string> = $derived.by(() => {
    const problems: Record<string, string> = {};
    for (const { id } of this.fields) {
      const { problem } = checkNumber(this.drafts[id] ?? '', this.#schema(id));
      if (problem) problems[id] = problem;
    }
    return problems;
  });

  readonly #atCheckpoint: ReturnType<typeof currentValues>;
  readonly #original: ReturnType<typeof currentValues>;

  constructor(run: RunSummary, checkpoint: Checkpoint) {
    this.runId = run.runId;
    this.checkpoint = checkpoint;
    const { optimizer, batchSize } = run.settings.settings;
    const { early, late } = optimizerFields(optimizer.kind);
    this.fields = [
      { id: 'learningRate', label: 'Learning rate α' },
      ...[...early, ...late].map((name) => ({ id: name, label: name === 'beta' ? 'Momentum β' : hyperparameterSpecs[name].symbol })),
      { id: 'l2', label: 'L2 λ' },
      ...(batchSize === 'full' ? [] : [{ id: 'batchSize', label: 'Mini-batch size' }]),
    ];
    const now = currentValues(run.settings, run.interventions);
    this.drafts = Object.fromEntries(this.fields.map(({ id }) => [id, asText(now[id])]));
    this.#atCheckpoint = currentValues(run.settings, run.interventions.filter((change) => change.step <= checkpoint.step));
    this.#original = currentValues(run.settings, []);
  }

  set(id: string, text: string): void {
    this.drafts[id] = text;
  }

  /** The changes to send (null: none), or `invalid` while a field has a problem. */
  changes(): AdjustmentChanges | null | 'invalid' {
    if (Object.keys(this.errors).length > 0) return 'invalid';
    const wanted = Object.fromEntries(this.fields.map(({ id }) => [id, Number((this.drafts[id] ?? '').trim().replace(',', '.'))])) as AdjustmentChanges;
    const changes = { ...changedOnly(wanted, this.#original), ...changedOnly(wanted, this.#atCheckpoint) };
    return Object.keys(changes).length > 0 ? changes : null;
  }

  #schema(id: string) {
    if (id === 'learningRate') return settingsSchemas.learningRate;
    if (id === 'l2') return settingsSchemas.l2;
    if (id === 'batchSize') return settingsSchemas.batchSize;
    return hyperparameterOption(id as HyperparameterName);
  }
}

/**
 * The arena's settings as typed: the compute budget, caviar's parallelism and seed, caviar's search
 * space (a learning rate on a log scale between two bounds, a number of trials, successive halving
 * on or off) and panda's scripted babysitter (patience, factor, rollback on divergence). Checked
 * as typed with the contract's schemas; put together into the search:arena request only when all
 * are fine.
 */
import { PandaPolicy, SearchPlan, StartArenaRequest, type RunSettings } from '@shared/api';
import { z } from 'zod';
import { checkNumber, settingsSchemas } from './run-settings-fields';

export type ArenaRequest = z.input<typeof StartArenaRequest>;

const shape = StartArenaRequest.shape;
const schemas: Record<string, z.ZodType> = {
  budgetSteps: shape.budgetSteps,
  parallel: SearchPlan.shape.parallel.unwrap(),
  seed: SearchPlan.shape.seed.unwrap(),
  learningRateMin: settingsSchemas.learningRate,
  learningRateMax: settingsSchemas.learningRate,
  trials: SearchPlan.shape.trials,
  patience: PandaPolicy.shape.patience.unwrap(),
  factor: PandaPolicy.shape.factor.unwrap(),
};

export class ArenaForm {
  drafts = $state<Record<string, string>>({
    budgetSteps: '4000',
    parallel: '2',
    seed: '1',
    learningRateMin: '0.0001',
    learningRateMax: '0.1',
    trials: '8',
    patience: '3',
    factor: '0.5',
  });
  halving = $state(true);
  rollbackOnDivergence = $state(true);

  readonly errors: Record<string, string> = $derived.by(() => {
    const problems: Record<string, string> = {};
    for (const [id, schema] of Object.entries(schemas)) {
      const { problem } = checkNumber(this.drafts[id] ?? '', schema);
      if (problem) problems[id] = problem;
    }
    if (!problems.learningRateMin && !problems.learningRateMax && this.#number('learningRateMin') >= this.#number('learningRateMax')) {
      problems.learningRateMax = 'must be above the lowest learning rate';
    }
    return problems;
  });

  set(id: string, text: string): void {
    this.drafts[id] = text;
  }

  /** The search:arena request for a design and settings, or null while a field has a problem. */
  request(design: Record<string, unknown>, settings: RunSettings): ArenaRequest | null {
    if (Object.keys(this.errors).length > 0) return null;
    const n = (id: string) => this.#number(id);
    return {
      design,
      settings,
      budgetSteps: n('budgetSteps'),
      parallel: n('parallel'),
      seed: n('seed'),
      caviar: { space: { learningRate: { kind: 'log', min: n('learningRateMin'), max: n('learningRateMax') } }, trials: n('trials'), halving: this.halving },
      panda: { patience: n('patience'), factor: n('factor'), rollbackOnDivergence: this.rollbackOnDivergence },
    };
  }

  #number(id: string): number {
    return Number((this.drafts[id] ?? '').trim().replace(',', '.'));
  }
}

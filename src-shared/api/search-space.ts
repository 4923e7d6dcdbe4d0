/**
 * What a hyperparameter search may vary and how each is drawn (the course's advice: random, not
 * grid; a learning rate on a log scale, α = 10^r; a momentum β on a log scale of 1 − β), as plain
 * data the app, the command line and the database share. The maths over it (samplers, narrowing,
 * importance) is src-shared/search; the descriptors of each hyperparameter (label, priority, how it
 * applies to a design and settings) are src-shared/search/hyperparameters.ts, a Record over
 * `searchableNames`, so a new name does not compile until it is described there.
 */
import { z } from 'zod';

/** Every hyperparameter a search can vary. */
export const searchableNames = [
  'learningRate',
  'beta',
  'beta1',
  'beta2',
  'epsilon',
  'hiddenUnits',
  'hiddenLayers',
  'batchSize',
  'decayRate',
  'l2',
  'keepProb',
  'optimizer',
  'initializer',
  'activation',
  'batchNorm',
] as const;
export const SearchableName = z.enum(searchableNames);
export type SearchableName = z.infer<typeof SearchableName>;

const finite = z.number().finite();

/**
 * How one hyperparameter is drawn:
 * - log: value = 10^r, r uniform in [log10 min, log10 max] (learning rate, λ, ε);
 * - log1m: value = 1 − 10^r, r uniform in [log10(1 − max), log10(1 − min)] (β = 0.9 … 0.999);
 * - linear: uniform in [min, max];
 * - int: a whole number in [min, max], uniform or (log) spread evenly over the decades;
 * - choice: one of the values, each as likely.
 */
export const ParamScale = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('log'), min: finite.positive(), max: finite.positive() }).strict(),
  z.object({ kind: z.literal('log1m'), min: finite.min(0).lt(1), max: finite.min(0).lt(1) }).strict(),
  z.object({ kind: z.literal('linear'), min: finite, max: finite }).strict(),
  z.object({ kind: z.literal('int'), min: z.number().int(), max: z.number().int(), log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('choice'), values: z.array(z.union([z.string().max(40), finite, z.boolean()])).min(1).max(32) }).strict(),
]);
export type ParamScale = z.infer<typeof ParamScale>;

/** The hyperparameters a search varies, each with its scale; min ≤ max is checked by the search module's validation. */
export const SearchSpace = z.partialRecord(SearchableName, ParamScale).refine((space) => Object.keys(space).length > 0, { message: 'a search varies at least one hyperparameter' });
export type SearchSpace = z.infer<typeof SearchSpace>;

export const ParamValue = z.union([z.string(), finite, z.boolean()]);
export type ParamValue = z.infer<typeof ParamValue>;
/** One trial's values, one per hyperparameter of the space. */
export const TrialParams = z.partialRecord(SearchableName, ParamValue);
export type TrialParams = z.infer<typeof TrialParams>;

/** Successive halving (ASHA-style): rungs at minEpochs · eta^k epochs; at each rung only the best 1/eta of the trials that reached it go on. */
export const HalvingPlan = z
  .object({
    eta: z.number().int().min(2).max(8).default(3),
    minEpochs: z.number().int().min(1).max(100_000).default(1),
  })
  .strict();
export type HalvingPlan = z.output<typeof HalvingPlan>;

export const searchStrategies = ['random', 'grid'] as const;

export const SearchPlan = z
  .object({
    /** random (the default, as the course advises) or grid. */
    strategy: z.enum(searchStrategies).default('random'),
    /** How many trials (a grid takes the first `trials` points of its lattice). */
    trials: z.number().int().min(1).max(1000),
    /** Trials training at once (more wait in the queue). */
    parallel: z.number().int().min(1).max(64).default(2),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Epochs of each trial (its settings' epochs are replaced by this). */
    epochs: z.number().int().min(1).max(100_000),
    halving: HalvingPlan.nullable().default(null),
    /** Total optimizer steps over all trials: no trial starts or goes on past it (null: no limit). */
    budgetSteps: z.number().int().min(1).max(1e12).nullable().default(null),
  })
  .strict();
export type SearchPlan = z.output<typeof SearchPlan>;
export type SearchPlanInput = z.input<typeof SearchPlan>;

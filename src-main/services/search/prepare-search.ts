/**
 * Everything a search needs before anything is written: the base design as the editor reads it, a
 * space the sampler accepts, the sampled trials (the plan's seed: same seed, same trials) each with
 * its design and settings applied, and each trial's full step count. A space that cannot apply to
 * the design is refused with the sentence of the first trial it fails on.
 */
import { CommandError, type ParsedRequestOf, type RunSettings, type SearchMetric, type SearchPlan, type TrialParams } from '@shared/api';
import type { GraphDoc } from '@shared/graph/doc';
import { applyParams, metricFor, sampleTrials, spaceProblems } from '@shared/search/api';
import { checkedDesign } from '../training/design-check';
import { fullSteps, trainRowsOf } from './trial-steps';

export type StartSearchInput = ParsedRequestOf<'search:start'>;

export interface PlannedTrial {
  params: TrialParams;
  design: GraphDoc;
  settings: RunSettings;
  /** Optimizer steps of the whole trial (its budget reservation). */
  fullSteps: number;
}

export interface PreparedSearch {
  metric: SearchMetric;
  /** The plan as run: a grid smaller than plan.trials gives fewer trials, and plan.trials says so. */
  plan: SearchPlan;
  trials: PlannedTrial[];
}

export async function prepareSearch(request: StartSearchInput): Promise<PreparedSearch> {
  const design = checkedDesign(request.design, 'trained');
  const problems = spaceProblems(request.space);
  if (problems.length > 0) throw new CommandError('invalid_request', `The search space cannot be searched: ${problems.join(' ')}`);
  const { plan } = request;
  const sampled = sampleTrials(request.space, { strategy: plan.strategy, trials: plan.trials, seed: plan.seed });
  if (sampled.length === 0) throw new CommandError('invalid_request', 'The search space gives no trials to train; widen it or choose random sampling.');

  const applied = sampled.map((params, index) => {
    const result = applyParams({ design, settings: request.settings }, params, plan.epochs);
    if (!result.ok) throw new CommandError('invalid_request', `The search space cannot apply to this design (trial ${index}: ${describeParams(params)}): ${result.message}`);
    return { params, design: result.design, settings: result.settings };
  });
  const trainRows = await trainRowsOf(applied[0]!.design, applied[0]!.settings);
  return {
    metric: metricFor(design),
    plan: { ...plan, trials: applied.length },
    trials: applied.map((trial) => ({ ...trial, fullSteps: fullSteps(trial.settings, trainRows) })),
  };
}

function describeParams(params: TrialParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} = ${String(value)}`)
    .join(', ');
}

/**
 * The API of src-shared/search (issue 11), as the main process, the command line and the renderer
 * import it. Each part lives in its own file; this module names what they share and keeps the
 * signatures fixed while the parts evolve.
 */
// ── hyperparameters.ts: each searchable hyperparameter described once ──
export { byPriority, hyperparameters, nameForFlag, nameInWords, type HyperparameterDescriptor } from './hyperparameters';
// ── space.ts ──
export { describeScale, parseParamFlag, scaleCoordinate, scaleExtent, spaceNames, spaceProblems, valueAt, type ParsedParamFlag } from './space';
// ── sampler.ts ──
export { drawValue, previewDraws, sampleTrials, type SamplePlan } from './sampler';
// ── apply.ts ──
export { applyParams, type Applied } from './apply';
// ── ranking.ts ──
export { isBetter, metricFor, metricValue, rankTrials } from './ranking';
// ── halving.ts: successive halving as early stopping (ASHA-style, asynchronous) ──
export { rungEpochs, SuccessiveHalving } from './halving';
// ── narrow.ts: coarse to fine ──
export { boxOf, narrowAroundTop, narrowToBox, type SearchBox } from './narrow';
// ── importance.ts ──
export { averageRanks, importance, spearman, type Importance } from './importance';
// ── babysitter.ts: panda's scripted policy ──
export { Babysitter, type BabysitterAction, type EpochObservation } from './babysitter';
// ── budget.ts ──
export { StepBudget } from './budget';
// ── format.ts ──
export { formatNumber } from './format';

/**
 * Each searchable hyperparameter described once: its label, the course's tuning priority, a line
 * of help, the scale the editor proposes, the scales that make sense, its choices, its command-line
 * flag and the engine's bounds on its value. The flag parser, the editor, the validation and apply
 * all read this table, so a new name in `searchableNames` does not compile until it is described here.
 */
import { searchableNames, type ParamScale, type ParamValue, type SearchableName } from '../api/search-space';
import { bounds, type NumberRange } from '../engine/bounds';
import { initializerKinds } from '../engine/config';
import { hyperparameterSpecs, optimizerKinds } from '../engine/optimizers/registry';
import { activationKinds } from '../engine/spec';

export interface HyperparameterDescriptor {
  /** "Learning rate α" */
  label: string;
  /** The course's tuning priority: 1 (α) first; 2: β, hidden units, mini-batch size; 3: layers, learning-rate decay; 4: Adam's β1, β2, ε (and the rest). */
  priority: 1 | 2 | 3 | 4;
  /** One sentence: what it does and why this scale. */
  help: string;
  /** The scale the editor proposes for it (e.g. learningRate: log 1e-4…1e-1). */
  defaultScale: ParamScale;
  /** The scale kinds that make sense for it (learningRate: log, linear; optimizer: choice). */
  scales: readonly ParamScale['kind'][];
  /** For choice-only names: the values there are. */
  choices?: readonly ParamValue[];
  /** The command line's short name: lr, beta, beta1, beta2, eps, units, layers, batch, decay, l2, keep, optimizer, init, activation, batchnorm. */
  flag: string;
  /** The values the engine accepts (numeric names only), from the engine's own bounds. */
  range?: NumberRange;
}

/** TrainingConfig.learningRate: positive, at most 100. */
const learningRateRange: NumberRange = { min: 0, max: 100, minOpen: true };
/** The hidden blocks a chain may have: each is at least a Dense node, and a design holds at most 500 nodes. */
const hiddenLayersRange: NumberRange = { min: 1, max: 64, integer: true };
/** BatchSizeSetting's whole numbers ('full' is a setting, not a value to search). */
const batchSizeRange: NumberRange = { min: 1, max: 1_000_000, integer: true };
/** ScheduleConfig's inverse-time decay rate. */
const decayRateRange: NumberRange = { min: 0, max: 100 };
/** TrainingConfig.l2. */
const l2Range: NumberRange = { min: 0, max: 1e4 };

export const hyperparameters: Record<SearchableName, HyperparameterDescriptor> = {
  learningRate: {
    label: 'Learning rate α',
    priority: 1,
    help: 'The size of each step; the most important to tune, and it spans decades, so draw it on a log scale.',
    defaultScale: { kind: 'log', min: 1e-4, max: 1e-1 },
    scales: ['log', 'linear'],
    flag: 'lr',
    range: learningRateRange,
  },
  beta: {
    label: 'Momentum β',
    priority: 2,
    help: 'The weight of the past in momentum’s average; 0.9 to 0.999 averages over 10 to 1,000 steps, so draw 1 − β on a log scale.',
    defaultScale: { kind: 'log1m', min: 0.9, max: 0.999 },
    scales: ['log1m', 'linear'],
    flag: 'beta',
    range: hyperparameterSpecs.beta.range,
  },
  beta1: {
    label: 'Adam β1',
    priority: 4,
    help: 'The weight of the past in Adam’s average of gradients; 0.9 works almost always, so tune it last.',
    defaultScale: { kind: 'log1m', min: 0.8, max: 0.99 },
    scales: ['log1m', 'linear'],
    flag: 'beta1',
    range: hyperparameterSpecs.beta1.range,
  },
  beta2: {
    label: 'Adam β2',
    priority: 4,
    help: 'The weight of the past in the average of squared gradients (RMSprop, Adam); 0.999 works almost always.',
    defaultScale: { kind: 'log1m', min: 0.99, max: 0.9999 },
    scales: ['log1m', 'linear'],
    flag: 'beta2',
    range: hyperparameterSpecs.beta2.range,
  },
  epsilon: {
    label: 'Adam ε',
    priority: 4,
    help: 'Keeps the division by √s finite; 1e-8 is the usual value and it rarely matters.',
    defaultScale: { kind: 'log', min: 1e-10, max: 1e-6 },
    scales: ['log', 'linear'],
    flag: 'eps',
    range: hyperparameterSpecs.epsilon.range,
  },
  hiddenUnits: {
    label: 'Hidden units',
    priority: 2,
    help: 'The width of every hidden Dense layer; draw it spread over the decades when the range is wide.',
    defaultScale: { kind: 'int', min: 4, max: 64, log: true },
    scales: ['int', 'choice'],
    flag: 'units',
    range: bounds.units,
  },
  hiddenLayers: {
    label: 'Hidden layers',
    priority: 3,
    help: 'How many hidden blocks a chain has: the first block is repeated or the last ones dropped.',
    defaultScale: { kind: 'int', min: 1, max: 4 },
    scales: ['int', 'choice'],
    flag: 'layers',
    range: hiddenLayersRange,
  },
  batchSize: {
    label: 'Mini-batch size',
    priority: 2,
    help: 'Examples per step; powers of two fit the memory, and smaller batches are noisier but take more steps per epoch.',
    defaultScale: { kind: 'choice', values: [32, 64, 128, 256] },
    scales: ['int', 'choice'],
    flag: 'batch',
    range: batchSizeRange,
  },
  decayRate: {
    label: 'Learning-rate decay',
    priority: 3,
    help: 'How fast α shrinks (a constant schedule becomes α0 / (1 + decay · epoch)); draw it on a log scale.',
    defaultScale: { kind: 'log', min: 1e-3, max: 1 },
    scales: ['log', 'linear'],
    flag: 'decay',
    range: decayRateRange,
  },
  l2: {
    label: 'L2 λ',
    priority: 3,
    help: 'The weight decay that fights overfitting; it spans decades, so draw it on a log scale.',
    defaultScale: { kind: 'log', min: 1e-5, max: 1e-1 },
    scales: ['log', 'linear'],
    flag: 'l2',
    range: l2Range,
  },
  keepProb: {
    label: 'Dropout keep probability',
    priority: 3,
    help: 'The chance each unit is kept by every dropout layer; lower regularizes more.',
    defaultScale: { kind: 'linear', min: 0.5, max: 1 },
    scales: ['linear'],
    flag: 'keep',
    range: bounds.keepProb,
  },
  optimizer: {
    label: 'Optimizer',
    priority: 3,
    help: 'Gradient descent, momentum, RMSprop or Adam; each keeps its own β’s and ε.',
    defaultScale: { kind: 'choice', values: ['gd', 'momentum', 'adam'] },
    scales: ['choice'],
    choices: optimizerKinds,
    flag: 'optimizer',
  },
  initializer: {
    label: 'Initializer',
    priority: 4,
    help: 'How the weights start: He suits ReLU, Xavier suits tanh; zeros never break symmetry.',
    defaultScale: { kind: 'choice', values: ['he', 'xavier'] },
    scales: ['choice'],
    choices: initializerKinds,
    flag: 'init',
  },
  activation: {
    label: 'Hidden activation',
    priority: 3,
    help: 'The non-linearity of every hidden Activation node.',
    defaultScale: { kind: 'choice', values: ['relu', 'leaky-relu', 'tanh'] },
    scales: ['choice'],
    choices: activationKinds,
    flag: 'activation',
  },
  batchNorm: {
    label: 'Batch norm',
    priority: 4,
    help: 'Whether each hidden Dense layer is followed by batch norm.',
    defaultScale: { kind: 'choice', values: [true, false] },
    scales: ['choice'],
    choices: [true, false],
    flag: 'batchnorm',
  },
};

/** Names by priority, then in searchableNames order. */
export function byPriority(): SearchableName[] {
  return [...searchableNames].sort((a, b) => hyperparameters[a].priority - hyperparameters[b].priority || searchableNames.indexOf(a) - searchableNames.indexOf(b));
}

/** The name a command-line flag or a name itself stands for (lr and learningRate both mean learningRate). */
export function nameForFlag(flag: string): SearchableName | null {
  const byFlag = searchableNames.find((name) => hyperparameters[name].flag === flag);
  if (byFlag) return byFlag;
  return (searchableNames as readonly string[]).includes(flag) ? (flag as SearchableName) : null;
}

/** "Learning rate α (lr)", how messages name a hyperparameter. */
export function nameInWords(name: SearchableName): string {
  return `${hyperparameters[name].label} (${hyperparameters[name].flag})`;
}

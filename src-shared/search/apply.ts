/**
 * A trial's design and settings: the search's base with the trial's values put in. Structural
 * changes (hidden layers, batch norm) come first, then the node parameters over the reshaped chain,
 * then the training settings; each value that cannot apply is refused with a sentence saying why.
 */
import type { ParamValue, SearchableName, TrialParams } from '../api/search-space';
import { RunSettings } from '../api/training-settings';
import { inRange } from '../engine/bounds';
import { InitializerConfig, ScheduleConfig } from '../engine/config';
import { hyperparametersOf, OptimizerConfig, optimizerKinds, type HyperparameterName, type OptimizerKind } from '../engine/optimizers/registry';
import type { GraphDoc, NodeKind } from '../graph/doc';
import { updateParams } from '../graph/edit';
import { batchNormAlready, chainNodes, hiddenDenseIds, joinChain, splitChain, withBatchNorm, withBlockCount } from './chain-blocks';
import { formatNumber } from './format';
import { hyperparameters, nameInWords } from './hyperparameters';

export type Applied = { ok: true; design: GraphDoc; settings: RunSettings } | { ok: false; message: string };
type Step<T> = { ok: true; value: T } | { ok: false; message: string };

const optimizerHyperparameters = ['beta', 'beta1', 'beta2', 'epsilon'] as const satisfies readonly (SearchableName & HyperparameterName)[];

/** The base with the trial's values put in, and `epochs`. The base is never changed. */
export function applyParams(base: { design: GraphDoc; settings: RunSettings }, params: TrialParams, epochs: number): Applied {
  const checked = checkValues(params);
  if (!checked.ok) return checked;
  const design = applyToDesign(base.design, params);
  if (!design.ok) return design;
  const settings = applyToSettings(base.settings, params, epochs);
  if (!settings.ok) return settings;
  return { ok: true, design: design.value, settings: settings.value };
}

/** Each value is of its hyperparameter's kind and inside the engine's bounds. */
function checkValues(params: TrialParams): { ok: true } | { ok: false; message: string } {
  for (const [key, value] of Object.entries(params) as [SearchableName, ParamValue | undefined][]) {
    const described = hyperparameters[key];
    if (!described) return { ok: false, message: `'${key}' is not a hyperparameter a search can vary.` };
    if (value === undefined) continue;
    if (described.choices) {
      if (!described.choices.includes(value)) return { ok: false, message: `${nameInWords(key)} cannot be ${String(value)}; it is one of ${described.choices.map(String).join(', ')}.` };
    } else if (typeof value !== 'number' || (described.range && !inRange(described.range, value))) {
      return { ok: false, message: `${nameInWords(key)} cannot be ${typeof value === 'number' ? formatNumber(value) : String(value)}: the engine accepts ${described.range ? 'values in its bounds' : 'numbers'}.` };
    }
  }
  return { ok: true };
}

function applyToDesign(base: GraphDoc, params: TrialParams): Step<GraphDoc> {
  let doc = base;
  if (params.hiddenLayers !== undefined || params.batchNorm !== undefined) {
    const reshaped = reshape(doc, params.hiddenLayers as number | undefined, params.batchNorm as boolean | undefined);
    if (!reshaped.ok) return reshaped;
    doc = reshaped.value;
  }
  if (params.hiddenUnits !== undefined) {
    const set = setOnNodes(doc, hiddenDenseIds(doc), { units: params.hiddenUnits }, 'hiddenUnits', 'a hidden Dense layer');
    if (!set.ok) return set;
    doc = set.value;
  }
  if (params.activation !== undefined) {
    const set = setOnNodes(doc, idsOfKind(doc, 'activation'), { fn: params.activation }, 'activation', 'an Activation node');
    if (!set.ok) return set;
    doc = set.value;
  }
  if (params.keepProb !== undefined) {
    const set = setOnNodes(doc, idsOfKind(doc, 'dropout'), { keepProb: params.keepProb }, 'keepProb', 'a Dropout node');
    if (!set.ok) return set;
    doc = set.value;
  }
  return { ok: true, value: doc };
}

function reshape(doc: GraphDoc, hiddenLayers: number | undefined, batchNorm: boolean | undefined): Step<GraphDoc> {
  const what = hiddenLayers !== undefined ? nameInWords('hiddenLayers') : nameInWords('batchNorm');
  const split = splitChain(doc, what);
  if (!split.ok) {
    // Batch norm already as asked needs no reshaping, so a design off the simple chain is fine then.
    if (hiddenLayers === undefined && batchNorm !== undefined && batchNormMatches(doc, batchNorm)) return { ok: true, value: doc };
    return split;
  }
  let chain = split.chain;
  if (chain.blocks.length === 0) {
    if (hiddenLayers === undefined && batchNorm === false) return { ok: true, value: doc };
    return { ok: false, message: `${what}: the design has no hidden layer (a Dense before the output layer) to repeat or normalize; add one first.` };
  }
  if (hiddenLayers !== undefined) chain = withBlockCount(chain, hiddenLayers);
  if (batchNorm !== undefined) {
    if (hiddenLayers === undefined && batchNormAlready(chain, batchNorm)) return { ok: true, value: doc };
    chain = withBatchNorm(chain, batchNorm);
  }
  const joined = joinChain(chain);
  return joined.ok ? { ok: true, value: joined.doc } : joined;
}

function batchNormMatches(doc: GraphDoc, on: boolean): boolean {
  const chain = chainNodes(doc) ?? [];
  return hiddenDenseIds(doc).every((id) => {
    const at = chain.findIndex((node) => node.id === id);
    return (chain[at + 1]?.kind === 'batchnorm') === on;
  });
}

function idsOfKind(doc: GraphDoc, kind: NodeKind): string[] {
  return (chainNodes(doc) ?? doc.nodes).filter((node) => node.kind === kind).map((node) => node.id);
}

function setOnNodes(doc: GraphDoc, ids: readonly string[], change: Record<string, unknown>, name: SearchableName, needs: string): Step<GraphDoc> {
  if (ids.length === 0) return { ok: false, message: `${nameInWords(name)} cannot apply: the design has no ${needs.replace(/^an? /, '')}; add ${needs} or leave ${name} out of the space.` };
  let next = doc;
  for (const id of ids) {
    const edited = updateParams(next, id, change);
    if (!edited.ok) return { ok: false, message: `${nameInWords(name)}: ${edited.reason}` };
    next = edited.doc;
  }
  return { ok: true, value: next };
}

function applyToSettings(base: RunSettings, params: TrialParams, epochs: number): Step<RunSettings> {
  const settings = { ...base.settings, epochs };
  if (params.learningRate !== undefined) settings.learningRate = params.learningRate as number;
  if (params.l2 !== undefined) settings.l2 = params.l2 as number;
  if (params.batchSize !== undefined) settings.batchSize = params.batchSize as number;
  if (params.initializer !== undefined) {
    const kind = params.initializer as string;
    // The same kind keeps its options (a random initializer's scale, Xavier's form).
    settings.initializer = base.settings.initializer.kind === kind ? base.settings.initializer : InitializerConfig.parse({ kind });
  }
  const optimizer = applyOptimizer(base.settings.optimizer, params);
  if (!optimizer.ok) return optimizer;
  settings.optimizer = optimizer.value;
  if (params.decayRate !== undefined) {
    const schedule = applyDecay(base.settings.schedule, params.decayRate as number);
    if (!schedule.ok) return schedule;
    settings.schedule = schedule.value;
  }
  const parsed = RunSettings.safeParse({ ...base, settings });
  if (!parsed.success) return { ok: false, message: `The trial's settings are not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.` };
  return { ok: true, value: parsed.data };
}

/**
 * The optimizer kind, then its β's and ε. A β the chosen kind does not read is ignored when the
 * search also varies the optimizer (it matters only for the kinds that have it), and refused when
 * the base optimizer is fixed (it would never matter).
 */
function applyOptimizer(base: OptimizerConfig, params: TrialParams): Step<OptimizerConfig> {
  let config: Record<string, unknown> = { ...base };
  if (params.optimizer !== undefined) {
    const kind = params.optimizer as OptimizerKind;
    const carried = (hyperparametersOf[kind] as readonly string[]).filter((name) => name in base).map((name) => [name, (base as Record<string, unknown>)[name]]);
    config = { kind, ...Object.fromEntries(carried) };
  }
  const kind = config.kind as OptimizerKind;
  const reads = hyperparametersOf[kind] as readonly string[];
  for (const name of optimizerHyperparameters) {
    const value = params[name];
    if (value === undefined) continue;
    if (reads.includes(name)) config[name] = value;
    else if (params.optimizer === undefined) {
      const readers = optimizerKinds.filter((k) => (hyperparametersOf[k] as readonly string[]).includes(name));
      return { ok: false, message: `${nameInWords(name)} does nothing for the ${kind} optimizer (only ${readers.join(' and ')} read it); choose one of those or add optimizer to the space.` };
    }
  }
  const parsed = OptimizerConfig.safeParse(config);
  if (!parsed.success) return { ok: false, message: `The optimizer's settings are not valid: ${parsed.error.issues.map((issue) => issue.message).join('; ')}.` };
  return { ok: true, value: parsed.data };
}

/** A constant schedule becomes inverse-time decay; a decaying one takes the new rate (exponential and step need it in (0, 1]). */
function applyDecay(schedule: ScheduleConfig, decayRate: number): Step<ScheduleConfig> {
  const next = schedule.kind === 'constant' ? { kind: 'inverse-time', decayRate } : { ...schedule, decayRate };
  const parsed = ScheduleConfig.safeParse(next);
  if (!parsed.success) return { ok: false, message: `${nameInWords('decayRate')}: ${formatNumber(decayRate)} does not suit the ${schedule.kind} schedule (its rate is a factor in (0, 1]); use a smaller decay or an inverse-time schedule.` };
  return { ok: true, value: parsed.data };
}

/**
 * Remedies that fit a bias/variance verdict, each an actionable change a person can apply with one
 * click: `apply(design, settings)` returns a COPY of both with the change made (the inputs are never
 * touched), or is null when the remedy is advice only (augment the data, add a layer). Labels are
 * the course's remedy texts from diagnosis.ts, so the diagnosis and the buttons say the same thing.
 */
import type { RunSettings } from '../api/training-settings';
import { OptimizerConfig } from '../engine/config';
import { bounds } from '../engine/bounds';
import type { GraphDoc, GraphNode } from '../graph/doc';
import { indexGraph, mainChain } from '../graph/graph-index';
import { remedyTexts, type Diagnosis, type RemedyTextKey } from './diagnosis';

export interface RemedyChange {
  design: GraphDoc;
  settings: RunSettings;
}

export interface Remedy {
  /** Which of the course's remedies this acts on. */
  key: RemedyTextKey;
  /** That remedy's text (diagnosis.ts). */
  label: string;
  /** The concrete change for this design and these settings, in one sentence. */
  action: string;
  /** A copy with the change made; null when there is nothing to apply automatically. */
  apply: ((design: GraphDoc, settings: RunSettings) => RemedyChange) | null;
}

/** Limits the changes respect (the settings' schema bounds). */
const maxEpochs = 1_000_000;
const maxSamples = 1_000_000;
const maxLearningRate = 100;
const maxL2 = 1e4;
/** λ when L2 is switched on; ×3 per click after that (the course's log-scale steps). */
const firstL2 = 0.01;
const l2Factor = 3;
const learningRateFactor = 3;
/** How much a keep probability moves per click, and the lowest one a click sets. */
const keepProbStep = 0.1;
const lowestKeepProb = 0.5;
const earlyStoppingPatience = 5;

/** The remedies for a diagnosis, the gap to work on first (its focus) first; none when it is fine. */
export function remediesFor(diagnosis: Pick<Diagnosis, 'verdict' | 'focus'>, design: GraphDoc, settings: RunSettings): Remedy[] {
  const bias = () => biasRemediesFor(design, settings);
  const variance = () => varianceRemediesFor(design, settings);
  switch (diagnosis.verdict) {
    case 'high-bias':
      return bias();
    case 'high-variance':
      return variance();
    case 'high-bias-and-variance':
      return diagnosis.focus === 'variance' ? [...variance(), ...bias()] : [...bias(), ...variance()];
    case 'fine':
      return [];
  }
}

function biasRemediesFor(design: GraphDoc, settings: RunSettings): Remedy[] {
  const hidden = hiddenDense(design);
  const { epochs, learningRate, optimizer, l2 } = settings.settings;
  const dropouts = dropoutNodes(design);
  const remedies: Remedy[] = [];
  const grown = hidden.map((node) => `${units(node)} → ${widened(units(node))}`);
  remedies.push(
    hidden.length === 0
      ? remedy('biggerNetwork', 'Add a hidden Dense layer with an activation before the output; this design has none.', null)
      : hidden.every((node) => units(node) >= bounds.units.max)
        ? remedy('biggerNetwork', `The hidden layers are at the ${bounds.units.max}-unit limit; add a layer instead.`, null)
        : remedy('biggerNetwork', `Double the units of each hidden Dense layer (${grown.join(', ')}).`, (d, s) => ({ design: mapNodes(d, hiddenDense(d), (p) => ({ ...p, units: widened(Number(p.units)) })), settings: copy(s) })),
  );
  remedies.push(
    remedy('trainLonger', `Double the epochs (${epochs} → ${Math.min(maxEpochs, epochs * 2)}).`, (d, s) => withSettings(d, s, (t) => ({ ...t, epochs: Math.min(maxEpochs, t.epochs * 2) }))),
  );
  if (optimizer.kind !== 'adam') {
    remedies.push(remedy('betterOptimizer', `Switch from ${optimizer.kind} to Adam (β1 0.9, β2 0.999).`, (d, s) => withSettings(d, s, (t) => ({ ...t, optimizer: OptimizerConfig.parse({ kind: 'adam' }) }))));
  }
  if (learningRate < maxLearningRate) {
    const raised = (rate: number) => Math.min(maxLearningRate, tidy(rate * learningRateFactor));
    remedies.push(remedy('betterOptimizer', `Raise the learning rate ×${learningRateFactor} (${learningRate} → ${raised(learningRate)}).`, (d, s) => withSettings(d, s, (t) => ({ ...t, learningRate: raised(t.learningRate) }))));
  }
  remedies.push(remedy('otherArchitecture', 'Change the hidden activations (ReLU trains fast) or add batch norm after a hidden Dense layer.', null));
  if (l2 > 0 || dropouts.some((node) => keepProb(node) < 1)) {
    remedies.push(
      remedy('lessRegularization', `Lower L2 λ to a third${dropouts.length > 0 ? ` and raise each dropout keep probability by ${keepProbStep}` : ''}.`, (d, s) => ({
        design: mapNodes(d, dropoutNodes(d), (p) => ({ ...p, keepProb: Math.min(1, tidy(Number(p.keepProb) + keepProbStep)) })),
        settings: withSettings(d, s, (t) => ({ ...t, l2: tidy(t.l2 / l2Factor) })).settings,
      })),
    );
  }
  return remedies;
}

function varianceRemediesFor(design: GraphDoc, settings: RunSettings): Remedy[] {
  const { data } = settings;
  const { l2, earlyStopping } = settings.settings;
  const dropouts = dropoutNodes(design);
  const remedies: Remedy[] = [];
  remedies.push(
    'samples' in data
      ? remedy('moreData', `Generate twice the samples (${data.samples} → ${Math.min(maxSamples, data.samples * 2)}).`, (d, s) => ({
          design: copy(d),
          settings: { ...copy(s), data: 'samples' in s.data ? { ...s.data, samples: Math.min(maxSamples, s.data.samples * 2) } : copy(s.data) },
        }))
      : remedy('moreData', 'Collect more labelled rows for this data set.', null),
  );
  remedies.push(remedy('regularize', `Raise L2 λ (${l2} → ${strongerL2(l2)}).`, (d, s) => withSettings(d, s, (t) => ({ ...t, l2: strongerL2(t.l2) }))));
  remedies.push(
    dropouts.length === 0
      ? remedy('regularize', 'Add a Dropout layer (keep probability 0.8) after a hidden layer’s activation.', null)
      : remedy('regularize', `Lower each dropout keep probability by ${keepProbStep} (${dropouts.map((node) => `${keepProb(node)} → ${lowerKeepProb(keepProb(node))}`).join(', ')}).`, (d, s) => ({
          design: mapNodes(d, dropoutNodes(d), (p) => ({ ...p, keepProb: lowerKeepProb(Number(p.keepProb)) })),
          settings: copy(s),
        })),
  );
  remedies.push(remedy('augment', 'Add plausible variations of the training examples (shifts, noise) to the data.', null));
  const devFraction = settings.split?.dev ?? 0.1;
  remedies.push(
    earlyStopping
      ? remedy('smallerOrEarlyStop', `Early stopping is on (patience ${earlyStopping.patience}); try a smaller network.`, null)
      : devFraction === 0
        ? remedy('smallerOrEarlyStop', 'Give the split a dev fraction, then stop early on the dev loss.', null)
        : remedy('smallerOrEarlyStop', `Stop early when the dev loss has not improved for ${earlyStoppingPatience} epochs (the best weights are kept).`, (d, s) =>
            withSettings(d, s, (t) => ({ ...t, earlyStopping: { patience: earlyStoppingPatience, minDelta: 0 } })),
          ),
  );
  return remedies;
}

function remedy(key: RemedyTextKey, action: string, apply: Remedy['apply']): Remedy {
  return { key, label: remedyTexts[key], action, apply };
}

/** The Dense layers before the output layer, in chain order (the last Dense is the output's). */
function hiddenDense(design: GraphDoc): GraphNode[] {
  const chain = mainChain(indexGraph(design)) ?? [];
  return chain.filter((node) => node.kind === 'dense').slice(0, -1);
}

function dropoutNodes(design: GraphDoc): GraphNode[] {
  return design.nodes.filter((node) => node.kind === 'dropout');
}

const units = (node: GraphNode) => Number(node.params.units);
const keepProb = (node: GraphNode) => Number(node.params.keepProb ?? 1);
// n ← min(2n, the unit bound)
const widened = (n: number) => Math.min(bounds.units.max, n * 2);
// λ ← 0.01 when off, else 3λ (capped)
const strongerL2 = (lambda: number) => (lambda === 0 ? firstL2 : Math.min(maxL2, tidy(lambda * l2Factor)));
// p ← max(0.5, p − 0.1), but never above p
const lowerKeepProb = (p: number) => Math.min(p, Math.max(lowestKeepProb, tidy(p - keepProbStep)));

/** A copy of the design with `change` applied to the params of the given nodes (by id). */
function mapNodes(design: GraphDoc, nodes: readonly GraphNode[], change: (params: GraphNode['params']) => GraphNode['params']): GraphDoc {
  const ids = new Set(nodes.map((node) => node.id));
  const result = copy(design);
  result.nodes = result.nodes.map((node) => (ids.has(node.id) ? { ...node, params: change(node.params) } : node));
  return result;
}

function withSettings(design: GraphDoc, settings: RunSettings, change: (training: RunSettings['settings']) => RunSettings['settings']): RemedyChange {
  const result = copy(settings);
  return { design: copy(design), settings: { ...result, settings: change(result.settings) } };
}

/** A deep copy of plain JSON data. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Six significant digits, so 0.01 × 3 reads 0.03, not 0.030000000000000002. */
function tidy(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * The rules about which node may follow which, shared by validation (over the whole document)
 * and canConnect (for one connection being dragged), so both always agree. Each returns a
 * problem whose message names the fix, or null.
 */
import { lossesForOutput, type OutputKind } from '../engine/spec';
import type { DiagnosticCode } from './diagnostics';
import type { GraphNode, NodeKind } from './doc';
import { nodeDisplayName as name } from './node-names';
import { lossName, nodeRegistry, readParams } from './registry';

export interface RuleProblem {
  code: DiagnosticCode;
  message: string;
}

export const outputActivation: Partial<Record<NodeKind, OutputKind>> = {
  'softmax-output': 'softmax',
  'sigmoid-output': 'sigmoid',
  'linear-output': 'linear',
};

export function isOutputKind(kind: NodeKind): boolean {
  return nodeRegistry[kind].role === 'output';
}

export function selfLoopProblem(node: GraphNode): RuleProblem {
  return { code: 'self-loop', message: `${name(node)} is connected to itself; remove that connection, since a network runs one way from Input to Loss.` };
}

export function inputTakenProblem(target: GraphNode, existingSource: GraphNode): RuleProblem {
  return {
    code: 'input-taken',
    message: `${name(target)} already has an input from ${name(existingSource)}; a network is a chain, so remove that connection first.`,
  };
}

export function outputUsedProblem(source: GraphNode, existingTarget: GraphNode): RuleProblem {
  return {
    code: 'output-branches',
    message: `${name(source)} already feeds ${name(existingTarget)}; a network is a chain without branches, so remove that connection first.`,
  };
}

export function cycleProblem(path: readonly GraphNode[]): RuleProblem {
  const names = [...path, path[0]].filter((n): n is GraphNode => n !== undefined).map(name);
  return {
    code: 'cycle',
    message: `The connections make a loop (${names.join(' → ')}); a network runs one way from Input to Loss, so remove one of them.`,
  };
}

/**
 * What is wrong with `source → target` given only the two kinds. `lastDenseAfter` names, when
 * known, the Dense layer an output node should move behind.
 */
export function orderProblem(source: GraphNode, target: GraphNode, lastDenseAfter?: GraphNode): RuleProblem | null {
  if (source.kind === 'loss') {
    return { code: 'loss-has-no-output', message: `${name(source)} ends the network, so nothing can follow it; remove the connection to ${name(target)}.` };
  }
  if (target.kind === 'input') {
    return { code: 'input-has-no-input', message: `${name(target)} is where the data enters, so nothing can connect into it; remove the connection from ${name(source)}.` };
  }
  if (isOutputKind(source.kind) && target.kind !== 'loss') {
    const fix = lastDenseAfter
      ? `move it after ${name(lastDenseAfter)} and connect it straight to the Loss`
      : `connect it straight to a Loss instead of ${name(target)}`;
    return { code: 'output-not-last', message: `${nodeRegistry[source.kind].label} must be the last layer before the loss; ${fix}.` };
  }
  if (target.kind === 'loss' && !isOutputKind(source.kind)) {
    return {
      code: 'loss-needs-output',
      message: `The Loss must follow an output node; put a Softmax, Sigmoid or Linear output between ${name(source)} and ${name(target)}.`,
    };
  }
  if (isOutputKind(target.kind) && source.kind !== 'dense') {
    const why = source.kind === 'activation' ? ' (the output node applies its own activation)' : '';
    return {
      code: 'output-needs-dense',
      message: `${name(target)} must follow a Dense layer, whose units are the output size${why}; connect a Dense layer straight into it instead of ${name(source)}.`,
    };
  }
  return null;
}

/** Softmax pairs with categorical cross-entropy, sigmoid with binary cross-entropy or MSE, linear with MSE. */
export function lossFitProblem(output: GraphNode, loss: GraphNode): RuleProblem | null {
  const activation = outputActivation[output.kind];
  const read = readParams('loss', loss.params);
  if (!activation || !read.ok) return null;
  const allowed = lossesForOutput[activation];
  if (allowed.includes(read.params.fn)) return null;
  const first = allowed[0]!;
  const alternatives = allowed.map(lossName).join(' or ');
  const hint = read.params.fn === 'binary-crossentropy' ? ', or use a Sigmoid output for 0/1 labels' : read.params.fn === 'categorical-crossentropy' ? ', or use a Softmax output for classes' : '';
  return {
    code: 'loss-unfit',
    message: `${nodeRegistry[output.kind].label} needs ${alternatives}, not ${lossName(read.params.fn)}; set ${name(loss)}'s function to ${lossName(first)}${hint}.`,
  };
}

/** Binary cross-entropy on a sigmoid output compares one probability with a 0/1 label: one unit. */
export function sigmoidUnitsProblem(dense: GraphNode, sigmoid: GraphNode, loss: GraphNode): RuleProblem | null {
  if (dense.kind !== 'dense' || sigmoid.kind !== 'sigmoid-output' || loss.kind !== 'loss') return null;
  const units = readParams('dense', dense.params);
  const fn = readParams('loss', loss.params);
  if (!units.ok || !fn.ok || fn.params.fn !== 'binary-crossentropy' || units.params.units <= 1) return null;
  const n = units.params.units;
  return {
    code: 'sigmoid-many-units',
    message: `Sigmoid output with binary cross-entropy predicts one probability, but ${name(dense)} has ${n} units; set its units to 1, or use a Softmax output with categorical cross-entropy for ${n} classes.`,
  };
}

/** A softmax over one unit always says 1: a warning, since it trains (to nothing useful). */
export function softmaxOneUnitProblem(dense: GraphNode, softmax: GraphNode): RuleProblem | null {
  if (dense.kind !== 'dense' || softmax.kind !== 'softmax-output') return null;
  const units = readParams('dense', dense.params);
  if (!units.ok || units.params.units !== 1) return null;
  return {
    code: 'softmax-one-unit',
    message: `Softmax over 1 unit always predicts 1; for two classes use a Sigmoid output with binary cross-entropy, or give ${name(dense)} one unit per class.`,
  };
}

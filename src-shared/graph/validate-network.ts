/**
 * Validation of the network the chain describes: parameters, layer order around the output,
 * sizes against the dataset, the parameter budget, and notes worth knowing.
 */
import type { Diagnostic } from './diagnostics';
import type { GraphDoc, GraphNode } from './doc';
import { nextNode, previousNode, type GraphIndex } from './graph-index';
import { nodeDisplayName as name } from './node-names';
import { nodeRegistry, readParams } from './registry';
import { isOutputKind, sigmoidUnitsProblem, softmaxOneUnitProblem } from './rules';
import { inferShapes } from './shapes';
import { attach } from './validate-structure';
import { defaultMaxParameters, maxLayers, parameterLimitProblem } from './limits';
import type { ValidateOptions } from './validate';

/** Each parameter the kind's schema refuses, on its node and field. */
export function paramRules(index: GraphIndex, out: Diagnostic[]): void {
  for (const node of index.nodes.values()) {
    const read = readParams(node.kind, node.params);
    if (read.ok) continue;
    for (const issue of read.issues) {
      const fix = issue.message.endsWith('missing') ? `; set ${issue.field} in the inspector` : issue.message.includes('is not a parameter') ? '; remove it' : '';
      out.push({
        severity: 'error',
        code: 'invalid-param',
        message: `${name(node)}: ${issue.message}${fix}.`,
        nodeId: node.id,
        field: issue.field,
      });
    }
  }
}

/** Along the chain: where it stops short of the Loss, linear stacks, and the layer count. */
export function chainRules(index: GraphIndex, chain: GraphNode[], out: Diagnostic[]): void {
  const last = chain.at(-1)!;
  if (last.kind !== 'loss' && !nextNode(index, last.id)) {
    const step = isOutputKind(last.kind) ? 'connect it to a Loss' : last.kind === 'input' ? 'connect it to the first layer' : 'connect it to the next layer';
    out.push({
      severity: 'error',
      code: 'chain-broken',
      message: `The path from Input stops at ${name(last)}; ${step} so the network reaches the Loss.`,
      nodeId: last.id,
    });
  }
  // Two Dense layers with no non-linearity between them compute one linear map: a classic slip.
  let pendingDense: GraphNode | null = null;
  for (const node of chain) {
    if (node.kind === 'activation') {
      const read = readParams('activation', node.params);
      if (!read.ok || read.params.fn !== 'linear') pendingDense = null;
    } else if (node.kind === 'dense') {
      if (pendingDense) {
        out.push({
          severity: 'warning',
          code: 'dense-without-activation',
          message: `${name(pendingDense)} feeds ${name(node)} with no activation between them, so together they are still one linear map; add an Activation (ReLU, tanh) after ${name(pendingDense)}.`,
          nodeId: pendingDense.id,
        });
      }
      pendingDense = node;
    }
  }
  const layers = chain.filter((n) => nodeRegistry[n.kind].role === 'layer').length;
  if (layers > maxLayers) {
    out.push({
      severity: 'error',
      code: 'too-many-layers',
      message: `The chain has ${layers} layers; Deepwire trains at most ${maxLayers}, so remove ${layers - maxLayers}.`,
      nodeId: chain[0]!.id,
    });
  }
}

/** Rules around each output node: what precedes it and what follows. */
export function outputRules(index: GraphIndex, out: Diagnostic[]): void {
  for (const node of index.nodes.values()) {
    if (!isOutputKind(node.kind)) continue;
    const dense = previousNode(index, node.id);
    const loss = nextNode(index, node.id);
    if (dense) {
      const one = softmaxOneUnitProblem(dense, node);
      if (one) attach(out, 'warning', one, { nodeId: node.id });
    }
    if (dense && loss) {
      const many = sigmoidUnitsProblem(dense, node, loss);
      if (many) attach(out, 'error', many, { nodeId: node.id });
    }
  }
}

/** Sizes against the dataset, the parameter budget, and the dropped-bias note. */
export function sizeRules(doc: GraphDoc, index: GraphIndex, chain: GraphNode[] | null, options: ValidateOptions, out: Diagnostic[]): void {
  const input = chain?.[0];
  if (input && options.inputSize !== undefined) {
    const given = options.inputSize;
    const read = readParams('input', input.params);
    if (!Number.isInteger(given) || given < 1 || given > 100_000) {
      out.push({
        severity: 'error',
        code: 'input-size-mismatch',
        message: `The dataset has ${given} features; Deepwire takes 1 to 100000 per example, so choose a smaller dataset or reduce its features.`,
        nodeId: input.id,
      });
    } else if (read.ok && read.params.source === 'fixed' && read.params.size !== given) {
      out.push({
        severity: 'error',
        code: 'input-size-mismatch',
        message: `${name(input)} is fixed at ${read.params.size} features but the dataset has ${given}; set its size to ${given} or its source to the dataset.`,
        nodeId: input.id,
        field: 'size',
      });
    }
  }
  const shapes = inferShapes(doc, options.inputSize !== undefined ? { inputSize: options.inputSize } : {});
  const output = chain?.find((n) => isOutputKind(n.kind));
  const lastDense = output ? previousNode(index, output.id) : undefined;
  if (output && lastDense?.kind === 'dense' && options.outputSize !== undefined) {
    const units = shapes.nodes[lastDense.id]?.outputSize;
    if (units !== null && units !== undefined && units !== options.outputSize) {
      out.push({
        severity: 'error',
        code: 'output-size-mismatch',
        message: `The dataset's labels have ${options.outputSize} column${options.outputSize === 1 ? '' : 's'} but ${name(output)} gets ${units} unit${units === 1 ? '' : 's'}; set ${name(lastDense)}'s units to ${options.outputSize}.`,
        nodeId: lastDense.id,
        field: 'units',
      });
    }
  }
  const tooLarge = parameterLimitProblem(shapes.totalParams, options.maxParameters ?? defaultMaxParameters);
  if (tooLarge) {
    const widest = [...index.nodes.values()]
      .filter((n) => n.kind === 'dense')
      .sort((a, b) => (shapes.nodes[b.id]?.params ?? 0) - (shapes.nodes[a.id]?.params ?? 0))[0];
    out.push({
      severity: 'error',
      code: 'too-many-parameters',
      message: `This network ${tooLarge}; use fewer units${widest ? `, starting with ${name(widest)}` : ''}.`,
      ...(widest ? { nodeId: widest.id } : {}),
    });
  }
  for (const node of index.nodes.values()) {
    if (!shapes.nodes[node.id]?.biasDropped) continue;
    const bn = (index.outgoing.get(node.id) ?? []).map((e) => index.nodes.get(e.target)!).find((n) => n.kind === 'batchnorm');
    out.push({
      severity: 'info',
      code: 'bias-dropped',
      message: `${name(node)} feeds ${bn ? name(bn) : 'batch norm'}, so its bias is dropped: batch norm's β does that job.`,
      nodeId: node.id,
      field: 'useBias',
    });
  }
}

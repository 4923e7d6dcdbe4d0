/**
 * Compile: a valid design becomes the engine's ModelSpec. Walks the chain Input → layers →
 * output → Loss; each layer keeps its node id as its name, so the engine's reports (gradient
 * check, norms) point back at the canvas.
 */
import { activations } from '../engine/activations';
import { ModelSpec, type LayerSpec } from '../engine/spec';
import { hasErrors, type Diagnostic } from './diagnostics';
import type { GraphDoc, GraphNode, NodeKind } from './doc';
import { indexGraph, mainChain, nextNode, type GraphIndex } from './graph-index';
import { readParams, type ParamsByKind } from './registry';
import { outputActivation } from './rules';
import { inputSizeOf } from './shapes';
import { validateGraph, type ValidateOptions } from './validate';

export type CompileOptions = ValidateOptions;

export type CompileResult =
  | { ok: true; spec: ModelSpec; /** Node ids in chain order, Input first and Loss last. */ order: string[]; /** Warnings and notes. */ diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export function compileGraph(doc: GraphDoc, options: CompileOptions = {}): CompileResult {
  const diagnostics = validateGraph(doc, options);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const index = indexGraph(doc);
  // Validation passed, so the chain runs from the one Input to the Loss through one output node.
  const chain = mainChain(index)!;
  const [input, ...rest] = chain;
  const loss = rest.pop()!;
  const output = rest.pop()!;
  const layers = rest.map((node) => layerSpec(node, index));
  const candidate: ModelSpec = {
    version: 1,
    inputSize: inputSizeOf(input!, options.inputSize !== undefined ? { inputSize: options.inputSize } : {})!,
    layers,
    output: { activation: outputActivation[output.kind]!, loss: mustRead('loss', loss).fn, name: output.id },
  };
  // The rules above guarantee a valid spec; parsing again keeps the engine's contract the judge.
  const spec = ModelSpec.parse(candidate);
  return { ok: true, spec, order: chain.map((n) => n.id), diagnostics };
}

function layerSpec(node: GraphNode, index: GraphIndex): LayerSpec {
  const name = node.id;
  switch (node.kind) {
    case 'dense': {
      const p = mustRead('dense', node);
      // Batch norm subtracts the mean (removing any bias) and adds its own β: a bias here is dead weight.
      const feedsBatchNorm = nextNode(index, node.id)?.kind === 'batchnorm';
      return { kind: 'dense', units: p.units, useBias: p.useBias && !feedsBatchNorm, name };
    }
    case 'activation': {
      const p = mustRead('activation', node);
      return activations[p.fn].usesAlpha ? { kind: 'activation', fn: p.fn, alpha: p.alpha, name } : { kind: 'activation', fn: p.fn, name };
    }
    case 'batchnorm': {
      const p = mustRead('batchnorm', node);
      return { kind: 'batchnorm', momentum: p.momentum, epsilon: p.epsilon, name };
    }
    case 'dropout':
      return { kind: 'dropout', keepProb: mustRead('dropout', node).keepProb, name };
    case 'input':
    case 'softmax-output':
    case 'sigmoid-output':
    case 'linear-output':
    case 'loss':
      throw new Error(`compile reached a ${node.kind} node inside the layer stack; validation should have refused it`);
  }
}

function mustRead<K extends NodeKind>(kind: K, node: GraphNode): ParamsByKind[K] {
  const read = readParams(kind, node.params);
  if (!read.ok) throw new Error(`compile reached ${node.id} with invalid parameters; validation should have refused it`);
  return read.params;
}

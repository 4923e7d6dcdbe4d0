/**
 * Shape inference: the width of the activations flowing along each edge (the tensor is [m, n]
 * for a mini-batch of m examples) and each node's trainable parameter count. Works on half-built
 * documents: whatever an Input reaches gets a size, the rest stays unknown (null).
 */
import type { GraphDoc, GraphNode } from './doc';
import { indexGraph, type GraphIndex } from './graph-index';
import { readParams } from './registry';

export interface NodeShape {
  /** Features per example arriving at the node (null when no size reaches it). */
  inputSize: number | null;
  /** Features per example leaving it (null for the Loss, and when unknown). */
  outputSize: number | null;
  /** Trainable parameters of the node (null when its input size or its own parameters are unknown). */
  params: number | null;
  /** A Dense layer feeding batch norm: its bias is dropped, since β does that job. */
  biasDropped: boolean;
}

export interface ShapeOptions {
  /** The dataset's feature count; overrides an Input whose source is 'dataset'. */
  inputSize?: number;
}

export interface ShapeReport {
  nodes: Record<string, NodeShape>;
  /** The size flowing along each edge, per example (the tensor is [m, size]); null when unknown. */
  edges: Record<string, number | null>;
  /** Sum of the known per-node counts. */
  totalParams: number;
  /** Float32 weights, their gradients and Adam's two moment estimates: 16 bytes per parameter. */
  memoryBytes: number;
}

/** Bytes per trainable parameter while training with Adam: W, dW, v and s, each a float32. */
export const trainingBytesPerParameter = 16;

export function inferShapes(doc: GraphDoc, options: ShapeOptions = {}): ShapeReport {
  const index = indexGraph(doc);
  const nodes: Record<string, NodeShape> = {};
  for (const node of index.nodes.values()) nodes[node.id] = { inputSize: null, outputSize: null, params: null, biasDropped: false };

  // Breadth-first from every Input; a node takes the first size that reaches it, so loops end.
  const queue: string[] = [];
  for (const node of index.nodes.values()) {
    if (node.kind !== 'input') continue;
    nodes[node.id] = { ...shapeOf(node, null, index, options), inputSize: null };
    queue.push(node.id);
  }
  const reached = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift()!;
    const size = nodes[id]!.outputSize;
    for (const edge of index.outgoing.get(id) ?? []) {
      if (reached.has(edge.target)) continue;
      reached.add(edge.target);
      nodes[edge.target] = shapeOf(index.nodes.get(edge.target)!, size, index, options);
      queue.push(edge.target);
    }
  }

  // Layers no Input reaches still know whether their bias would be dropped.
  for (const node of index.nodes.values()) {
    if (!reached.has(node.id)) nodes[node.id]!.biasDropped = biasDropped(node, index);
  }

  const edges: Record<string, number | null> = {};
  for (const edge of doc.edges) edges[edge.id] = nodes[edge.source]?.outputSize ?? null;
  let totalParams = 0;
  for (const shape of Object.values(nodes)) totalParams += shape.params ?? 0;
  return { nodes, edges, totalParams, memoryBytes: totalParams * trainingBytesPerParameter };
}

/** The Input's effective size: the dataset's for a 'dataset' source when one is given. */
export function inputSizeOf(node: GraphNode, options: ShapeOptions): number | null {
  const read = readParams('input', node.params);
  if (read.ok && read.params.source === 'dataset' && options.inputSize !== undefined) return options.inputSize;
  return read.ok ? read.params.size : null;
}

/** Dense followed directly by batch norm loses its bias (the compile does the same). */
export function biasDropped(node: GraphNode, index: GraphIndex): boolean {
  if (node.kind !== 'dense') return false;
  const read = readParams('dense', node.params);
  if (!read.ok || !read.params.useBias) return false;
  return (index.outgoing.get(node.id) ?? []).some((edge) => index.nodes.get(edge.target)?.kind === 'batchnorm');
}

function shapeOf(node: GraphNode, inputSize: number | null, index: GraphIndex, options: ShapeOptions): NodeShape {
  switch (node.kind) {
    case 'input':
      return { inputSize, outputSize: inputSizeOf(node, options), params: 0, biasDropped: false };
    case 'dense': {
      const read = readParams('dense', node.params);
      const dropped = biasDropped(node, index);
      if (!read.ok) return { inputSize, outputSize: null, params: null, biasDropped: dropped };
      const { units, useBias } = read.params;
      // W is [inputSize, units]; b is [1, units] unless batch norm's β replaces it.
      const params = inputSize === null ? null : inputSize * units + (useBias && !dropped ? units : 0);
      return { inputSize, outputSize: units, params, biasDropped: dropped };
    }
    case 'batchnorm':
      // γ and β, one of each per unit.
      return { inputSize, outputSize: inputSize, params: inputSize === null ? null : 2 * inputSize, biasDropped: false };
    case 'loss':
      return { inputSize, outputSize: null, params: 0, biasDropped: false };
    case 'activation':
    case 'dropout':
    case 'softmax-output':
    case 'sigmoid-output':
    case 'linear-output':
      // Activations, dropout and the output nodes act element-wise: same width, nothing to learn.
      return { inputSize, outputSize: inputSize, params: 0, biasDropped: false };
  }
}

/** How a size reads on an edge label: the batch dimension m, then the features. */
export function formatShape(size: number | null): string {
  return size === null ? '[m, ?]' : `[m, ${size}]`;
}

/** A byte count for people: "1.5 MB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

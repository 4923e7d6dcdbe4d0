/**
 * A simple chain design seen as blocks, for the changes that reshape it (number of hidden layers,
 * batch norm on/off): the prefix (Input and anything before the first Dense), the hidden blocks
 * (a Dense and the batch norm / activation / dropout nodes after it, up to the next Dense) and the
 * tail (the output Dense, the output node and the Loss).
 */
import type { GraphDoc, GraphNode, NodeKind } from '../graph/doc';
import { indexGraph, mainChain } from '../graph/graph-index';
import { chainDoc } from '../graph/templates';

export type Step = [NodeKind, Record<string, unknown>];

export interface ChainBlocks {
  prefix: Step[];
  blocks: Step[][];
  tail: Step[];
}

export type BlocksResult = { ok: true; chain: ChainBlocks } | { ok: false; message: string };

/** The main chain's nodes (Input first, Loss last), or null when the design has no complete chain. */
export function chainNodes(doc: GraphDoc): GraphNode[] | null {
  const chain = mainChain(indexGraph(doc));
  return chain && chain.at(-1)?.kind === 'loss' ? chain : null;
}

/** The ids of the hidden Dense nodes: every Dense of the chain but the last (the output layer). */
export function hiddenDenseIds(doc: GraphDoc): string[] {
  const dense = (chainNodes(doc) ?? []).filter((node) => node.kind === 'dense');
  return dense.slice(0, -1).map((node) => node.id);
}

/** The chain's blocks, or why the design is not a chain that can be reshaped. */
export function splitChain(doc: GraphDoc, what: string): BlocksResult {
  const chain = chainNodes(doc);
  if (!chain) return { ok: false, message: `${what} needs a design that runs from Input to Loss; this one does not yet.` };
  if (chain.length !== doc.nodes.length || doc.edges.length !== chain.length - 1) {
    return { ok: false, message: `${what} can reshape only a design that is one chain from Input to Loss; this one has ${doc.nodes.length - chain.length} node(s) or extra connections off the chain.` };
  }
  const steps = chain.map((node): Step => [node.kind, { ...node.params }]);
  const denseAt = steps.flatMap(([kind], i) => (kind === 'dense' ? [i] : []));
  if (denseAt.length === 0) return { ok: false, message: `${what} needs a Dense output layer in the chain.` };
  const outputDense = denseAt.at(-1)!;
  const hiddenStarts = denseAt.slice(0, -1);
  const prefixEnd = hiddenStarts[0] ?? outputDense;
  const blocks = hiddenStarts.map((start, i) => steps.slice(start, hiddenStarts[i + 1] ?? outputDense));
  return { ok: true, chain: { prefix: steps.slice(0, prefixEnd), blocks, tail: steps.slice(outputDense) } };
}

/** The design the blocks make, laid out left to right, or why the editor would refuse it. */
export function joinChain(chain: ChainBlocks): { ok: true; doc: GraphDoc } | { ok: false; message: string } {
  try {
    return { ok: true, doc: chainDoc([...chain.prefix, ...chain.blocks.flat(), ...chain.tail]) };
  } catch (error) {
    return { ok: false, message: `The reshaped design is not one the editor could make: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * `count` hidden blocks: the first `count` kept when there are more; when there are fewer, copies
 * of the first block (the template) go right after it, so a funnel such as 10 → 5 keeps its narrow end.
 */
export function withBlockCount(chain: ChainBlocks, count: number): ChainBlocks {
  const kept = chain.blocks.slice(0, count);
  const template = chain.blocks[0]!;
  const copies = Array.from({ length: Math.max(0, count - kept.length) }, () => template.map(([kind, params]): Step => [kind, { ...params }]));
  return { ...chain, blocks: [kept[0]!, ...copies, ...kept.slice(1)].slice(0, count) };
}

/** Every hidden block with (on) or without (off) a batch norm right after its Dense. */
export function withBatchNorm(chain: ChainBlocks, on: boolean): ChainBlocks {
  const blocks = chain.blocks.map((block) => {
    const [dense, ...rest] = block;
    const others = rest.filter(([kind]) => kind !== 'batchnorm');
    const existing = rest.find(([kind]) => kind === 'batchnorm');
    return on ? [dense!, existing ?? (['batchnorm', {}] as Step), ...others] : [dense!, ...others];
  });
  return { ...chain, blocks };
}

/** Whether every hidden Dense is followed by batch norm (on) or none is (off): nothing to change. */
export function batchNormAlready(chain: ChainBlocks, on: boolean): boolean {
  return chain.blocks.every((block) => (block[1]?.[0] === 'batchnorm') === on && block.slice(2).every(([kind]) => kind !== 'batchnorm'));
}

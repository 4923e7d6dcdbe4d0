/**
 * Whether a connection may be made, decided while it is being dragged, by the same rules the
 * validation applies to a finished document (rules.ts).
 */
import type { GraphDoc, GraphNode } from './doc';
import { firstIncoming, firstOutgoing, indexGraph, reaches, type GraphIndex } from './graph-index';
import { nodeDisplayName as name } from './node-names';
import { inputTakenProblem, lossFitProblem, orderProblem, outputUsedProblem, selfLoopProblem, sigmoidUnitsProblem } from './rules';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

export function canConnect(doc: GraphDoc, sourceId: string, targetId: string): ConnectCheck {
  const index = indexGraph(doc);
  const source = index.nodes.get(sourceId);
  const target = index.nodes.get(targetId);
  if (!source || !target) return refuse(`That node is no longer in the design (${!source ? sourceId : targetId}).`);
  if (source.id === target.id) return refuse(selfLoopProblem(source).message);

  const order = orderProblem(source, target);
  // While dragging there is no connection yet to remove, so the drag-time reason stops at the rule.
  if (order?.code === 'loss-has-no-output') return refuse(`${name(source)} ends the network, so nothing can follow it.`);
  if (order?.code === 'input-has-no-input') return refuse(`${name(target)} is where the data enters, so nothing can connect into it.`);

  const existing = (index.outgoing.get(source.id) ?? []).find((edge) => edge.target === target.id);
  if (existing) return refuse(`${name(source)} is already connected to ${name(target)}.`);
  const taken = firstIncoming(index, target.id);
  if (taken) return refuse(inputTakenProblem(target, index.nodes.get(taken.source)!).message);
  const used = firstOutgoing(index, source.id);
  if (used) return refuse(outputUsedProblem(source, index.nodes.get(used.target)!).message);
  if (reaches(index, target.id, source.id)) {
    return refuse(`Connecting ${name(source)} to ${name(target)} would make a loop, since ${name(target)} already leads to ${name(source)}; a network runs one way from Input to Loss.`);
  }
  if (order) return refuse(order.message);

  const fit = neighbourhoodProblem(index, source, target);
  return fit ? refuse(fit) : { ok: true };
}

/** Rules that look one node further: the loss an output will feed, the Dense a sigmoid follows. */
function neighbourhoodProblem(index: GraphIndex, source: GraphNode, target: GraphNode): string | null {
  const after = (node: GraphNode) => {
    const edge = firstOutgoing(index, node.id);
    return edge ? index.nodes.get(edge.target) : undefined;
  };
  const before = (node: GraphNode) => {
    const edge = firstIncoming(index, node.id);
    return edge ? index.nodes.get(edge.source) : undefined;
  };
  if (target.kind === 'loss') {
    const fit = lossFitProblem(source, target);
    if (fit) return fit.message;
    const dense = before(source);
    const units = dense ? sigmoidUnitsProblem(dense, source, target) : null;
    if (units) return units.message;
  }
  if (source.kind === 'dense') {
    const loss = after(target);
    const units = loss ? sigmoidUnitsProblem(source, target, loss) : null;
    if (units) return units.message;
  }
  return null;
}

function refuse(reason: string): ConnectCheck {
  return { ok: false, reason };
}

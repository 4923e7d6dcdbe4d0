/**
 * Validation of the document's structure: connections, loops, and how many Inputs, outputs and
 * Losses there are. A network is one chain: breaking that is an error; a stray node, a warning.
 */
import type { Diagnostic } from './diagnostics';
import type { GraphDoc, GraphEdge, GraphNode } from './doc';
import type { GraphIndex } from './graph-index';
import { nodeDisplayName as name } from './node-names';
import { cycleProblem, isOutputKind, lossFitProblem, orderProblem, selfLoopProblem, type RuleProblem } from './rules';

/** Adds a shared rule's problem as a diagnostic at the given node or edge. */
export function attach(out: Diagnostic[], severity: Diagnostic['severity'], problem: RuleProblem, at: { nodeId?: string; edgeId?: string }): void {
  out.push({ severity, code: problem.code, message: problem.message, ...at });
}

/** Missing ends, self-loops, doubled connections, the order of kinds, loss fit, and the chain's one-in one-out arity. */
export function edgeRules(doc: GraphDoc, index: GraphIndex, chain: GraphNode[] | null, out: Diagnostic[]): void {
  for (const edge of index.danglingEdges) {
    const missing = [edge.source, edge.target].filter((id) => !index.nodes.has(id)).join(' and ');
    out.push({
      severity: 'error',
      code: 'dangling-edge',
      message: `A connection points to a node that is not in the design (${missing}); delete the connection.`,
      edgeId: edge.id,
    });
  }
  const seenPairs = new Set<string>();
  for (const edge of doc.edges) {
    const source = index.nodes.get(edge.source);
    const target = index.nodes.get(edge.target);
    if (!source || !target) continue;
    if (source.id === target.id) {
      attach(out, 'error', selfLoopProblem(source), { nodeId: source.id, edgeId: edge.id });
      continue;
    }
    const pair = `${source.id}\u0000${target.id}`;
    if (seenPairs.has(pair)) {
      out.push({
        severity: 'error',
        code: 'duplicate-edge',
        message: `${name(source)} is connected to ${name(target)} twice; delete one of the connections.`,
        nodeId: target.id,
        edgeId: edge.id,
      });
      continue;
    }
    seenPairs.add(pair);
    const order = orderProblem(source, target, lastDenseAfter(chain, source));
    if (order) attach(out, 'error', order, { nodeId: targetRules.has(order.code) ? target.id : source.id, edgeId: edge.id });
    else if (isOutputKind(source.kind) && target.kind === 'loss') {
      const fit = lossFitProblem(source, target);
      if (fit) attach(out, 'error', fit, { nodeId: target.id, edgeId: edge.id });
    }
  }
  // A chain: one connection into each input handle and one out of each output handle.
  for (const [targetId, edges] of index.incoming) {
    const distinct = distinctBySource(edges);
    if (distinct.length < 2) continue;
    const target = index.nodes.get(targetId)!;
    const sources = distinct.map((e) => name(index.nodes.get(e.source)!)).join(' and ');
    for (const edge of distinct.slice(1)) {
      out.push({
        severity: 'error',
        code: 'input-taken',
        message: `${name(target)} has more than one incoming connection (from ${sources}); a network is a chain, so keep one and delete the others.`,
        nodeId: target.id,
        edgeId: edge.id,
      });
    }
  }
  for (const [sourceId, edges] of index.outgoing) {
    const distinct = distinctByTarget(edges);
    if (distinct.length < 2) continue;
    const source = index.nodes.get(sourceId)!;
    const targets = distinct.map((e) => name(index.nodes.get(e.target)!)).join(' and ');
    for (const edge of distinct.slice(1)) {
      out.push({
        severity: 'error',
        code: 'output-branches',
        message: `${name(source)} feeds more than one node (${targets}); a network is a chain without branches, so keep one connection and delete the others.`,
        nodeId: source.id,
        edgeId: edge.id,
      });
    }
  }
}

/** Order rules about what may come before a node attach to that node; the others to the source. */
const targetRules = new Set<string>(['input-has-no-input', 'loss-needs-output', 'output-needs-dense']);

function distinctBySource(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => e.source !== e.target && !seen.has(e.source) && seen.add(e.source));
}

function distinctByTarget(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => e.source !== e.target && !seen.has(e.target) && seen.add(e.target));
}

/** The last Dense layer after `node` on the chain: where a misplaced output node belongs. */
function lastDenseAfter(chain: GraphNode[] | null, node: GraphNode): GraphNode | undefined {
  if (!chain) return undefined;
  const at = chain.findIndex((n) => n.id === node.id);
  if (at < 0) return undefined;
  return chain.slice(at + 1).findLast((n) => n.kind === 'dense');
}

/** Depth-first search; each edge that closes a loop (not a self-loop, reported already) is reported once. */
export function cycleRule(index: GraphIndex, out: Diagnostic[]): void {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of index.nodes.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    path.push(root);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const edges = index.outgoing.get(top.id) ?? [];
      const edge = edges[top.next];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      top.next += 1;
      if (edge.target === edge.source) continue;
      const seen = state.get(edge.target);
      if (seen === 'open') {
        const loop = path.slice(path.indexOf(edge.target)).map((id) => index.nodes.get(id)!);
        attach(out, 'error', cycleProblem(loop), { nodeId: edge.target, edgeId: edge.id });
      } else if (seen === undefined) {
        state.set(edge.target, 'open');
        path.push(edge.target);
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
}

/** Exactly one Input, one output node and one Loss; nodes off the chain are left out of training. */
export function kindCountRules(index: GraphIndex, chain: GraphNode[] | null, out: Diagnostic[]): void {
  const all = [...index.nodes.values()];
  const onChain = new Set(chain?.map((n) => n.id));
  // The one on the chain is kept; the others are the extras to delete.
  const extras = (nodes: GraphNode[]) => {
    const keep = nodes.find((n) => onChain.has(n.id)) ?? nodes[0];
    return nodes.filter((n) => n !== keep);
  };
  const inputs = all.filter((n) => n.kind === 'input');
  const outputs = all.filter((n) => isOutputKind(n.kind));
  const losses = all.filter((n) => n.kind === 'loss');
  if (inputs.length === 0) {
    out.push({ severity: 'error', code: 'no-input', message: 'The design has no Input; add one from the palette where the data enters and connect it to the first layer.' });
  }
  if (outputs.length === 0) {
    out.push({ severity: 'error', code: 'no-output', message: 'The design has no output node; add a Softmax, Sigmoid or Linear output after the last Dense layer.' });
  }
  if (losses.length === 0) {
    out.push({ severity: 'error', code: 'no-loss', message: 'The design has no Loss; add one after the output node so training has a cost to minimize.' });
  }
  const many = (code: 'multiple-inputs' | 'multiple-outputs' | 'multiple-losses', nodes: GraphNode[], what: string) => {
    if (nodes.length < 2) return;
    for (const node of extras(nodes)) {
      out.push({
        severity: 'error',
        code,
        message: `There are ${nodes.length} ${what} (${nodes.map(name).join(', ')}); a network has one, so delete ${name(node)}.`,
        nodeId: node.id,
      });
    }
  };
  many('multiple-inputs', inputs, 'Input nodes');
  many('multiple-outputs', outputs, 'output nodes');
  many('multiple-losses', losses, 'Loss nodes');
  if (chain) {
    for (const node of all) {
      if (onChain.has(node.id)) continue;
      out.push({
        severity: 'warning',
        code: 'dangling-node',
        message: `${name(node)} is not on the path from Input to Loss, so training leaves it out; connect it into the chain or delete it.`,
        nodeId: node.id,
      });
    }
  }
}

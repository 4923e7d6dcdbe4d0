/**
 * Document edits: each takes a GraphDoc and returns a new one, never changing its argument, so
 * the history can keep every version. Edits that can be refused say why, as data.
 */
import { canConnect, type ConnectCheck } from './can-connect';
import { lossFitProblem, outputActivation } from './rules';
import { lossesForOutput } from '../engine/spec';
import type { GraphDoc, GraphNode, NodeKind, Position } from './doc';
import { insertFragment } from './fragment';
import { maxEdges, maxNodes } from './limits';
import { edgeIds, freshEdgeId, freshNodeId, nodeIds } from './ids';
import { nodeDisplayName } from './node-names';
import { defaultParams, readParams, type ParamIssue } from './registry';

export type EditFailure = { ok: false; reason: string; issues?: ParamIssue[] };
export type EditResult<T = object> = ({ ok: true; doc: GraphDoc } & T) | EditFailure;

type ParamValue = GraphNode['params'][string];

/** Adds a node of `kind` with its defaults, overridden by `params` (checked against the kind's schema). */
export function addNode(doc: GraphDoc, kind: NodeKind, position: Position, params: Record<string, unknown> = {}): EditResult<{ id: string }> {
  if (doc.nodes.length >= maxNodes) return { ok: false, reason: `A design holds at most ${maxNodes} nodes; delete some before adding more.` };
  const merged = { ...defaultParams(kind), ...params };
  const read = readParams(kind, merged);
  if (!read.ok) return { ok: false, reason: issuesSentence(read.issues), issues: read.issues };
  const id = freshNodeId(kind, nodeIds(doc));
  const node: GraphNode = { id, kind, params: { ...read.params } as Record<string, ParamValue>, position: { x: position.x, y: position.y } };
  return { ok: true, doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

/** Removes the nodes and every connection touching them. */
export function removeNodes(doc: GraphDoc, ids: readonly string[]): GraphDoc {
  const gone = new Set(ids);
  if (!doc.nodes.some((n) => gone.has(n.id))) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !gone.has(n.id)),
    edges: doc.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

/**
 * The document as it would be just before wiring source → target: a Loss about to receive an
 * output node adopts the first loss that fits that output (the registry offers only fitting
 * losses), so wiring Sigmoid output → a fresh Loss just works instead of being refused.
 */
export function prepareConnection(doc: GraphDoc, sourceId: string, targetId: string): GraphDoc {
  const source = doc.nodes.find((n) => n.id === sourceId);
  const target = doc.nodes.find((n) => n.id === targetId);
  if (!source || !target || target.kind !== 'loss' || !lossFitProblem(source, target)) return doc;
  const activation = outputActivation[source.kind];
  const fitting = activation ? lossesForOutput[activation][0] : undefined;
  if (!fitting) return doc;
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === targetId ? { ...n, params: { ...n.params, fn: fitting } } : n)) };
}

/** Whether source → target may be wired, after the adjustments prepareConnection makes. */
export function checkConnection(doc: GraphDoc, sourceId: string, targetId: string): ConnectCheck {
  return canConnect(prepareConnection(doc, sourceId, targetId), sourceId, targetId);
}

/** Connects source's output to target's input, if checkConnection allows it. */
export function connect(doc: GraphDoc, sourceId: string, targetId: string): EditResult<{ edgeId: string }> {
  const prepared = prepareConnection(doc, sourceId, targetId);
  const check = canConnect(prepared, sourceId, targetId);
  if (!check.ok) return { ok: false, reason: check.reason };
  if (doc.edges.length >= maxEdges) return { ok: false, reason: `A design holds at most ${maxEdges} connections; delete some first.` };
  const edgeId = freshEdgeId(edgeIds(doc));
  return { ok: true, doc: { ...prepared, edges: [...prepared.edges, { id: edgeId, source: sourceId, target: targetId }] }, edgeId };
}

export function disconnect(doc: GraphDoc, edgeId: string): GraphDoc {
  if (!doc.edges.some((e) => e.id === edgeId)) return doc;
  return { ...doc, edges: doc.edges.filter((e) => e.id !== edgeId) };
}

/**
 * Changes some parameters of one node. Refused when a changed field is invalid (the issues name
 * it); problems in fields not being changed stay as diagnostics, so a bad file can be fixed one
 * field at a time.
 */
export function updateParams(doc: GraphDoc, nodeId: string, partial: Record<string, unknown>): EditResult {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return { ok: false, reason: `There is no node '${nodeId}' in the design; it may have been deleted.` };
  const changed = new Set(Object.keys(partial));
  const notPlain = [...changed].filter((field) => !isParamValue(partial[field]));
  if (notPlain.length > 0) {
    const issues = notPlain.map((field) => ({ field, message: `${field} must be a number, text or true/false` }));
    return { ok: false, reason: issuesSentence(issues), issues };
  }
  const merged = { ...node.params, ...(partial as Record<string, ParamValue>) };
  const read = readParams(node.kind, merged);
  if (!read.ok) {
    const issues = read.issues.filter((issue) => changed.has(issue.field));
    if (issues.length > 0) return { ok: false, reason: `${nodeDisplayName(node)}: ${issuesSentence(issues)}`, issues };
  }
  const params = read.ok ? ({ ...read.params } as Record<string, ParamValue>) : merged;
  return { ok: true, doc: { ...doc, nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)) } };
}

/** Moves nodes to new positions; ids not in the document and non-finite positions are ignored. */
export function moveNodes(doc: GraphDoc, positions: Readonly<Record<string, Position>>): GraphDoc {
  let moved = false;
  const nodes = doc.nodes.map((n) => {
    const to = Object.hasOwn(positions, n.id) ? positions[n.id] : undefined;
    if (!to || !Number.isFinite(to.x) || !Number.isFinite(to.y) || (to.x === n.position.x && to.y === n.position.y)) return n;
    moved = true;
    return { ...n, position: { x: to.x, y: to.y } };
  });
  return moved ? { ...doc, nodes } : doc;
}

/** Copies the nodes (and the connections among them) with fresh ids, shifted by `offset`. */
export function duplicate(doc: GraphDoc, ids: readonly string[], offset: Position = { x: 40, y: 40 }): EditResult<{ ids: string[] }> {
  const chosen = new Set(ids);
  const nodes = doc.nodes.filter((n) => chosen.has(n.id));
  const edges = doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return insertFragment(doc, nodes, edges, offset);
}

function isParamValue(value: unknown): value is ParamValue {
  return typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function issuesSentence(issues: readonly ParamIssue[]): string {
  return `${issues.map((i) => i.message).join('; ')}.`;
}

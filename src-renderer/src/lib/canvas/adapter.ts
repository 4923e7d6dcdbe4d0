/**
 * The one bridge between the design document and Svelte Flow. The GraphDoc is the truth:
 * `toFlowNodes`/`toFlowEdges` turn it (with its shapes, diagnostics and the selection) into what
 * xyflow draws, and `readFlowNodes`/`readFlowEdges` turn what xyflow hands back (drags, keyboard
 * nudges, clicks, box selection) into document edits and selection changes.
 */
import type { Edge, Node } from '@xyflow/svelte';
import {
  describeNode,
  formatShape,
  graphDocFormat,
  graphDocVersion,
  nodeDisplayName,
  nodeKindInfo,
  type Diagnostic,
  type GraphDoc,
  type NodeKind,
  type NodeRole,
  type Position,
  type Severity,
  type ShapeReport,
} from '@shared/graph';
import { sameIds, type Selection } from '../state/selection';

export interface LayerNodeData extends Record<string, unknown> {
  kind: NodeKind;
  label: string;
  /** What sets the node apart from others of its kind in messages: "Dense 3" → "3". */
  tag: string;
  role: NodeRole;
  params: Record<string, number | string | boolean>;
  /** The node in a phrase, e.g. "Dense, 10 units": the card's accessible name. */
  summary: string;
  /** The summary without the kind's label, e.g. "10 units" ('' when there is nothing to add). */
  detail: string;
  /** Trainable parameters (null when no size reaches the node). */
  paramCount: number | null;
  inputShape: string | null;
  outputShape: string | null;
  inputs: 0 | 1;
  outputs: 0 | 1;
  diagnostics: Diagnostic[];
  /** The worst severity among its diagnostics. */
  severity: Severity | null;
  biasDropped: boolean;
  /** Why the node is marked (the gradient check's worst layer), said to a person; null when it is not. */
  mark: string | null;
}
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

export interface ShapeEdgeData extends Record<string, unknown> {
  /** Features per example along the edge; null when unknown, undefined when not inferred at all. */
  size: number | null;
  /** e.g. "[m, 10]". */
  label: string;
  diagnostics: Diagnostic[];
  severity: Severity | null;
}
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

/** Everything the canvas shows, derived by the editor store. */
export interface GraphView {
  doc: GraphDoc;
  /** null when shapes could not be inferred (the canvas still draws, without sizes). */
  shapes: ShapeReport | null;
  diagnostics: readonly Diagnostic[];
  selection: Selection;
  /** A node to mark, with why (the gradient check's worst layer). */
  marked?: { nodeId: string; note: string } | null;
}

const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function worstSeverity(diagnostics: readonly Diagnostic[]): Severity | null {
  let worst: Severity | null = null;
  for (const d of diagnostics) if (!worst || severityRank[d.severity] > severityRank[worst]) worst = d.severity;
  return worst;
}

/** "Dense, 10 units" → "10 units"; a summary that is just the label → "". */
export function detailOf(summary: string, label: string): string {
  return summary.startsWith(`${label}, `) ? summary.slice(label.length + 2) : summary === label ? '' : summary;
}

function byId(diagnostics: readonly Diagnostic[], key: 'nodeId' | 'edgeId'): Map<string, Diagnostic[]> {
  const map = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const id = d[key];
    if (id === undefined) continue;
    const list = map.get(id);
    if (list) list.push(d);
    else map.set(id, [d]);
  }
  return map;
}

/** Same drawing: lets xyflow skip a node or edge whose object did not change. */
function sameDrawing(a: LayerFlowNode | ShapeFlowEdge, b: LayerFlowNode | ShapeFlowEdge): boolean {
  return JSON.stringify({ ...a, measured: undefined }) === JSON.stringify({ ...b, measured: undefined });
}

/**
 * The xyflow nodes for a document. `previous` (what xyflow last held) keeps each node's measured
 * size, so xyflow does not hide and re-measure it, and keeps a node that is being dragged where
 * the pointer has it, so a re-render mid-drag does not snap it back. Unchanged nodes keep their
 * object identity.
 */
export function toFlowNodes(view: GraphView, previous: readonly LayerFlowNode[] = []): LayerFlowNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const selected = new Set(view.selection.nodes);
  const diagnostics = byId(view.diagnostics, 'nodeId');
  return view.doc.nodes.map((node) => {
    const info = nodeKindInfo(node.kind);
    const shape = view.shapes?.nodes[node.id];
    const own = diagnostics.get(node.id) ?? [];
    const summary = describeNode(node);
    const mark = view.marked?.nodeId === node.id ? view.marked.note : null;
    const data: LayerNodeData = {
      kind: node.kind,
      label: info.label,
      tag: nodeDisplayName(node).slice(info.label.length).trim(),
      role: info.role,
      params: { ...node.params },
      summary,
      detail: detailOf(summary, info.label),
      paramCount: shape?.params ?? null,
      inputShape: info.inputs > 0 && shape ? formatShape(shape.inputSize) : null,
      outputShape: info.outputs > 0 && shape ? formatShape(shape.outputSize) : null,
      inputs: info.inputs,
      outputs: info.outputs,
      diagnostics: own,
      severity: worstSeverity(own),
      biasDropped: shape?.biasDropped ?? false,
      mark,
    };
    const old = before.get(node.id);
    const next: LayerFlowNode = {
      id: node.id,
      type: 'layer',
      position: old?.dragging ? old.position : { x: node.position.x, y: node.position.y },
      data,
      selected: selected.has(node.id),
      ariaLabel: mark ? `${summary}. ${mark}` : summary,
      ...(old?.dragging ? { dragging: true } : {}),
      ...(old?.measured ? { measured: old.measured } : {}),
    };
    return old && sameDrawing(old, next) ? old : next;
  });
}

export function toFlowEdges(view: GraphView, previous: readonly ShapeFlowEdge[] = []): ShapeFlowEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  const selected = new Set(view.selection.edges);
  const diagnostics = byId(view.diagnostics, 'edgeId');
  const labels = new Map(view.doc.nodes.map((n) => [n.id, nodeKindInfo(n.kind).label]));
  return view.doc.edges.map((edge) => {
    const size = view.shapes ? (view.shapes.edges[edge.id] ?? null) : null;
    const label = view.shapes ? formatShape(size) : '';
    const own = diagnostics.get(edge.id) ?? [];
    const next: ShapeFlowEdge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'shape',
      selected: selected.has(edge.id),
      data: { size, label, diagnostics: own, severity: worstSeverity(own) },
      ariaLabel: `Connection from ${labels.get(edge.source) ?? edge.source} to ${labels.get(edge.target) ?? edge.target}${label ? `, ${label}` : ''}`,
    };
    const old = before.get(edge.id);
    return old && sameDrawing(old, next) ? old : next;
  });
}

/** The document that a set of xyflow nodes and edges draws (the inverse of toFlowNodes/toFlowEdges). */
export function toGraphDoc(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): GraphDoc {
  return {
    format: graphDocFormat,
    version: graphDocVersion,
    nodes: nodes.map((n) => ({ id: n.id, kind: n.data.kind, params: { ...n.data.params }, position: { x: n.position.x, y: n.position.y } })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

export interface FlowNodeChanges {
  /** Nodes xyflow has put somewhere else and let go of (a finished drag or a keyboard nudge), rounded to whole pixels. */
  moved: Record<string, Position> | null;
  /** True when the move ends a pointer drag (one undo step each), false for keyboard nudges (which coalesce). */
  dragEnded: boolean;
  /** The selected node ids when xyflow changed the selection, else null. */
  selectedNodes: string[] | null;
}

/** What xyflow's new node array means for the document and the selection. */
export function readFlowNodes(
  doc: GraphDoc,
  selection: Selection,
  next: readonly LayerFlowNode[],
  previous: readonly LayerFlowNode[] = [],
): FlowNodeChanges {
  const positions = new Map(doc.nodes.map((n) => [n.id, n.position]));
  const wasDragging = new Set(previous.filter((n) => n.dragging).map((n) => n.id));
  const moved: Record<string, Position> = {};
  let any = false;
  let dragEnded = false;
  for (const node of next) {
    const at = positions.get(node.id);
    if (!at || node.dragging) continue;
    const x = Math.round(node.position.x);
    const y = Math.round(node.position.y);
    if (x === at.x && y === at.y) continue;
    moved[node.id] = { x, y };
    any = true;
    if (wasDragging.has(node.id)) dragEnded = true;
  }
  const selected = next.filter((n) => n.selected).map((n) => n.id);
  return {
    moved: any ? moved : null,
    dragEnded,
    selectedNodes: sameIds(selected, selection.nodes) ? null : selected,
  };
}

/** The selected edge ids when xyflow changed the edge selection, else null. */
export function readFlowEdges(selection: Selection, next: readonly ShapeFlowEdge[]): string[] | null {
  const selected = next.filter((e) => e.selected).map((e) => e.id);
  return sameIds(selected, selection.edges) ? null : selected;
}

/** A handle at either end of a connection drag, as xyflow reports it. */
export interface HandleEnd {
  nodeId: string;
  type: 'source' | 'target';
}

/**
 * Which node feeds which, for a connection dragged from one handle to another: dragging from an
 * input handle back to an output handle means the same as dragging forwards. Null when both
 * ends are the same kind of handle (nothing to connect).
 */
export function connectionEnds(from: HandleEnd, to: HandleEnd): { source: string; target: string } | null {
  if (from.type === to.type) return null;
  return from.type === 'source' ? { source: from.nodeId, target: to.nodeId } : { source: to.nodeId, target: from.nodeId };
}

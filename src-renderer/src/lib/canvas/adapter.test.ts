import { describe, expect, it } from 'vitest';
import { inferShapes, moveNodes, updateParams, validateGraph, type Diagnostic, type GraphDoc } from '@shared/graph';
import { emptySelection, type Selection } from '../state/selection';
import { chain, courseNet } from '../testing/designs';
import {
  connectionEnds,
  detailOf,
  readFlowEdges,
  readFlowNodes,
  toFlowEdges,
  toFlowNodes,
  toGraphDoc,
  worstSeverity,
  type GraphView,
  type LayerFlowNode,
} from './adapter';

function viewOf(doc: GraphDoc, selection: Selection = emptySelection): GraphView {
  return { doc, shapes: inferShapes(doc), diagnostics: validateGraph(doc), selection };
}

describe('GraphDoc → xyflow', () => {
  it('round-trips: the flow nodes and edges draw exactly the document', () => {
    const { doc } = courseNet();
    const view = viewOf(doc);
    expect(toGraphDoc(toFlowNodes(view), toFlowEdges(view))).toEqual(doc);
  });

  it('gives each node its card: kind, key parameters, parameter count and shapes', () => {
    const { doc, ids } = courseNet();
    const nodes = toFlowNodes(viewOf(doc));
    const dense = nodes[1]!;
    expect(dense).toMatchObject({ id: ids[1], type: 'layer', position: { x: 300, y: 0 }, ariaLabel: 'Dense, 10 units', selected: false });
    expect(dense.data).toMatchObject({
      kind: 'dense',
      label: 'Dense',
      role: 'layer',
      summary: 'Dense, 10 units',
      detail: '10 units',
      // W is 10×2 and b has 10 entries: 2·10 + 10 = 30
      paramCount: 30,
      inputShape: '[m, 2]',
      outputShape: '[m, 10]',
      inputs: 1,
      outputs: 1,
    });
    // 10·5 + 5 = 55 and 5·1 + 1 = 6
    expect(nodes.map((n) => n.data.paramCount)).toEqual([0, 30, 0, 55, 0, 6, 0, 0]);
    const input = nodes[0]!.data;
    expect([input.inputShape, input.outputShape, input.inputs]).toEqual([null, '[m, 2]', 0]);
    const loss = nodes[7]!.data;
    expect([loss.outputShape, loss.outputs, loss.detail]).toEqual([null, 0, 'binary cross-entropy']);
  });

  it('labels each edge with the size it carries and says where it goes', () => {
    const { doc } = courseNet();
    const edges = toFlowEdges(viewOf(doc));
    expect(edges.map((e) => e.data?.label)).toEqual(['[m, 2]', '[m, 10]', '[m, 10]', '[m, 5]', '[m, 5]', '[m, 1]', '[m, 1]']);
    expect(edges[0]).toMatchObject({ type: 'shape', source: doc.edges[0]!.source, target: doc.edges[0]!.target });
    expect(edges[0]!.ariaLabel).toBe('Connection from Input to Dense, [m, 2]');
    // Without shapes (not inferred), edges still draw, unlabelled.
    expect(toFlowEdges({ ...viewOf(doc), shapes: null }).map((e) => e.data?.label)).toEqual(Array(7).fill(''));
  });

  it('marks diagnostics on their nodes and edges, with the worst severity', () => {
    const { doc, ids } = chain([['input', { size: 2, source: 'fixed' }], ['dense', { units: 3 }]]);
    const broken = { ...doc, nodes: doc.nodes.map((n) => (n.id === ids[1] ? { ...n, params: { ...n.params, units: 0 } } : n)) };
    const nodes = toFlowNodes(viewOf(broken));
    const dense = nodes[1]!.data;
    expect(dense.severity).toBe('error');
    expect(dense.diagnostics.some((d) => d.code === 'invalid-param' && d.field === 'units')).toBe(true);
    // An invalid node is drawn with its label alone; the card never shows a value the schema refuses.
    expect(dense.summary).toBe('Dense');

    const edgeProblem: Diagnostic = { severity: 'warning', code: 'duplicate-edge', message: 'twice', edgeId: doc.edges[0]!.id };
    const edges = toFlowEdges({ ...viewOf(doc), diagnostics: [edgeProblem] });
    expect(edges[0]!.data).toMatchObject({ severity: 'warning', diagnostics: [edgeProblem] });
  });

  it('reflects the selection on nodes and edges', () => {
    const { doc, ids } = courseNet();
    const view = viewOf(doc, { nodes: [ids[2]!], edges: [doc.edges[3]!.id] });
    expect(toFlowNodes(view).map((n) => n.selected)).toEqual([false, false, true, false, false, false, false, false]);
    expect(toFlowEdges(view).map((e) => e.selected)).toEqual([false, false, false, true, false, false, false]);
  });

  it('marks the gradient check’s worst layer on its card and in its accessible name', () => {
    const { doc, ids } = courseNet();
    const note = 'Gradient check: worst layer, relative difference 3.1e-2';
    const nodes = toFlowNodes({ ...viewOf(doc), marked: { nodeId: ids[1]!, note } });
    expect(nodes.map((n) => n.data.mark)).toEqual([null, note, null, null, null, null, null, null]);
    expect(nodes[1]!.ariaLabel).toBe(`${nodes[1]!.data.summary}. ${note}`);
    expect(toFlowNodes(viewOf(doc)).every((n) => n.data.mark === null && n.ariaLabel === n.data.summary)).toBe(true);
  });

  it('keeps what xyflow measured, keeps a dragged node under the pointer, and reuses unchanged nodes', () => {
    const { doc, ids } = courseNet();
    const first = toFlowNodes(viewOf(doc));
    const measured = first.map((n) => ({ ...n, measured: { width: 200, height: 80 } }));
    measured[1] = { ...measured[1]!, dragging: true, position: { x: 333, y: 44 } };

    // The document changes elsewhere (another node's parameter) while node 1 is being dragged.
    const edited = updateParams(doc, ids[3]!, { units: 7 });
    if (!edited.ok) throw new Error(edited.reason);
    const next = toFlowNodes(viewOf(edited.doc), measured);
    expect(next[1]!.position).toEqual({ x: 333, y: 44 });
    expect(next[1]!.dragging).toBe(true);
    expect(next.every((n) => n.measured?.width === 200)).toBe(true);
    expect(next[0]).toBe(measured[0]); // nothing about the Input changed: same object, xyflow skips it
    expect(next[3]).not.toBe(measured[3]);
    expect(next[3]!.data.summary).toBe('Dense, 7 units');
  });

  it('helpers: worst severity and the summary without its label', () => {
    const d = (severity: Diagnostic['severity']): Diagnostic => ({ severity, code: 'cycle', message: '' });
    expect(worstSeverity([])).toBeNull();
    expect(worstSeverity([d('info'), d('warning')])).toBe('warning');
    expect(worstSeverity([d('warning'), d('error'), d('info')])).toBe('error');
    expect(detailOf('Dense, 10 units', 'Dense')).toBe('10 units');
    expect(detailOf('Softmax output', 'Softmax output')).toBe('');
  });
});

describe('xyflow → document edits', () => {
  it('reports a finished drag as a move (rounded to whole pixels) that ends a drag', () => {
    const { doc, ids } = courseNet();
    const before = toFlowNodes(viewOf(doc)).map((n) => (n.id === ids[1] ? { ...n, dragging: true, position: { x: 410.4, y: 59.6 } } : n));
    const during = readFlowNodes(doc, emptySelection, before, before);
    expect(during.moved).toBeNull(); // still dragging: nothing to commit yet

    const after = before.map((n) => (n.id === ids[1] ? { ...n, dragging: false } : n));
    const changes = readFlowNodes(doc, emptySelection, after, before);
    expect(changes).toEqual({ moved: { [ids[1]!]: { x: 410, y: 60 } }, dragEnded: true, selectedNodes: null });
    // Applying the move makes the document match what xyflow shows: nothing more to report.
    const moved = moveNodes(doc, changes.moved!);
    expect(readFlowNodes(moved, emptySelection, after, after).moved).toBeNull();
  });

  it('reports keyboard nudges (no drag) as moves that do not end a drag', () => {
    const { doc, ids } = courseNet();
    const nodes = toFlowNodes(viewOf(doc));
    const nudged = nodes.map((n) => (n.id === ids[0] ? { ...n, position: { x: 5, y: 0 } } : n));
    expect(readFlowNodes(doc, emptySelection, nudged, nodes)).toMatchObject({ moved: { [ids[0]!]: { x: 5, y: 0 } }, dragEnded: false });
  });

  it('reports selection changes, and nothing when only measurements changed', () => {
    const { doc, ids } = courseNet();
    const nodes = toFlowNodes(viewOf(doc));
    const measured: LayerFlowNode[] = nodes.map((n) => ({ ...n, measured: { width: 200, height: 80 } }));
    expect(readFlowNodes(doc, emptySelection, measured, nodes)).toEqual({ moved: null, dragEnded: false, selectedNodes: null });

    const clicked = measured.map((n) => ({ ...n, selected: n.id === ids[4] || n.id === ids[2] }));
    expect(readFlowNodes(doc, emptySelection, clicked, measured).selectedNodes).toEqual([ids[2], ids[4]]);
    // The same selection in another order is no change.
    expect(readFlowNodes(doc, { nodes: [ids[4]!, ids[2]!], edges: [] }, clicked, measured).selectedNodes).toBeNull();

    const edges = toFlowEdges(viewOf(doc));
    const picked = edges.map((e, i) => ({ ...e, selected: i === 1 }));
    expect(readFlowEdges(emptySelection, picked)).toEqual([doc.edges[1]!.id]);
    expect(readFlowEdges({ nodes: [], edges: [doc.edges[1]!.id] }, picked)).toBeNull();
  });

  it('orients a connection dragged either way, and refuses two handles of the same kind', () => {
    expect(connectionEnds({ nodeId: 'a', type: 'source' }, { nodeId: 'b', type: 'target' })).toEqual({ source: 'a', target: 'b' });
    expect(connectionEnds({ nodeId: 'b', type: 'target' }, { nodeId: 'a', type: 'source' })).toEqual({ source: 'a', target: 'b' });
    expect(connectionEnds({ nodeId: 'a', type: 'source' }, { nodeId: 'b', type: 'source' })).toBeNull();
  });
});

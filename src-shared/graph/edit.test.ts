import { describe, expect, it } from 'vitest';
import { copySelection, pasteClipboard } from './clipboard';
import { GraphDoc, emptyGraphDoc } from './doc';
import { addNode, checkConnection, connect, disconnect, duplicate, moveNodes, prepareConnection, removeNodes, updateParams } from './edit';
import { canConnect } from './can-connect';
import { instantiateTemplate } from './templates';
import { validateGraph } from './validate';
import { autoLayout, layoutColumnWidth, layoutRowHeight } from './layout';
import { chainOf, docOf, edge, node } from './test-fixtures';

/** Edits must never change their argument: freezing it makes any attempt throw. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) frozen(child);
  }
  return value;
}

const course = () =>
  frozen(
    chainOf(
      node('input-1', 'input', {}, { x: 0, y: 0 }),
      node('dense-1', 'dense', { units: 3 }, { x: 200, y: 0 }),
      node('activation-1', 'activation', {}, { x: 400, y: 0 }),
      node('dense-2', 'dense', { units: 1 }, { x: 600, y: 0 }),
    ),
  );

const ok = <T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> => {
  if (!result.ok) throw new Error(`edit refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
};

describe('edits', () => {
  it('addNode gives fresh readable ids and the kind’s defaults', () => {
    const a = ok(addNode(frozen(emptyGraphDoc()), 'dense', { x: 10, y: 20 }));
    const b = ok(addNode(frozen(a.doc), 'dense', { x: 30, y: 40 }, { units: 7 }));
    expect([a.id, b.id]).toEqual(['dense-1', 'dense-2']);
    expect(b.doc.nodes).toEqual([
      { id: 'dense-1', kind: 'dense', params: { units: 10, useBias: true }, position: { x: 10, y: 20 } },
      { id: 'dense-2', kind: 'dense', params: { units: 7, useBias: true }, position: { x: 30, y: 40 } },
    ]);
    expect(GraphDoc.parse(b.doc)).toEqual(b.doc);
  });

  it('addNode refuses invalid parameters, naming the field', () => {
    const result = addNode(emptyGraphDoc(), 'dense', { x: 0, y: 0 }, { units: 0 });
    expect(result).toEqual({ ok: false, reason: 'units must be at least 1.', issues: [{ field: 'units', message: 'units must be at least 1' }] });
  });

  it('addNode reuses the smallest free number after a delete', () => {
    const doc = removeNodes(course(), ['dense-1']);
    expect(ok(addNode(doc, 'dense', { x: 0, y: 0 })).id).toBe('dense-1');
  });

  it('refuses to grow past the document limit of 500 nodes', () => {
    const full = frozen(docOf(Array.from({ length: 500 }, (_, i) => node(`dropout-${i + 1}`, 'dropout'))));
    expect(addNode(full, 'dense', { x: 0, y: 0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 500 nodes/) });
    expect(duplicate(full, ['dropout-1'])).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 500 nodes; this would make 501/) });
    expect(pasteClipboard(full, copySelection(full, ['dropout-1']))).toMatchObject({ ok: false });
  });

  it('removeNodes removes the nodes and every connection touching them', () => {
    const doc = removeNodes(course(), ['activation-1']);
    expect(doc.nodes.map((n) => n.id)).toEqual(['input-1', 'dense-1', 'dense-2']);
    expect(doc.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['input-1>dense-1']);
    expect(removeNodes(course(), ['nothing'])).toEqual(course());
  });

  it('connect adds an edge when canConnect allows it, and says why when not', () => {
    const doc = frozen(removeNodes(course(), ['activation-1']));
    const joined = ok(connect(doc, 'dense-1', 'dense-2'));
    expect(joined.edgeId).toBe('edge-1');
    expect(joined.doc.edges.at(-1)).toEqual({ id: 'edge-1', source: 'dense-1', target: 'dense-2' });
    expect(connect(joined.doc, 'input-1', 'dense-2')).toEqual({ ok: false, reason: expect.stringMatching(/Dense 2 already has an input from Dense 1/) });
  });

  it('disconnect removes one edge', () => {
    const doc = disconnect(course(), 'dense-1--activation-1');
    expect(doc.edges.map((e) => e.id)).toEqual(['input-1--dense-1', 'activation-1--dense-2']);
    expect(disconnect(course(), 'nope')).toEqual(course());
  });

  it('updateParams validates the change against the kind’s schema', () => {
    const doc = ok(updateParams(course(), 'dense-1', { units: 64 })).doc;
    expect(doc.nodes[1]!.params).toEqual({ units: 64, useBias: true });
    expect(updateParams(course(), 'dense-1', { units: 5000 })).toEqual({
      ok: false,
      reason: 'Dense 1: units can be at most 4096.',
      issues: [{ field: 'units', message: 'units can be at most 4096' }],
    });
    expect(updateParams(course(), 'dense-1', { units: { big: true } })).toMatchObject({ ok: false, issues: [{ field: 'units' }] });
    expect(updateParams(course(), 'gone', { units: 1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/no node 'gone'/) });
  });

  it('updateParams lets a broken node be fixed one field at a time', () => {
    const broken = frozen(docOf([node('dense-1', 'dense', { units: -1, useBias: 'yes' })]));
    const fixedUnits = ok(updateParams(broken, 'dense-1', { units: 4 })).doc;
    expect(fixedUnits.nodes[0]!.params).toEqual({ units: 4, useBias: 'yes' });
    const fixed = ok(updateParams(fixedUnits, 'dense-1', { useBias: false })).doc;
    expect(fixed.nodes[0]!.params).toEqual({ units: 4, useBias: false });
  });

  it('moveNodes moves what changed and ignores unknown ids and non-finite positions', () => {
    const doc = moveNodes(course(), { 'dense-1': { x: 5, y: 6 }, ghost: { x: 1, y: 1 }, 'dense-2': { x: NaN, y: 0 } });
    expect(doc.nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 5, y: 6 }, { x: 400, y: 0 }, { x: 600, y: 0 }]);
  });

  it('moveNodes returns the same document when nothing moves', () => {
    const doc = course();
    expect(moveNodes(doc, { 'dense-1': { x: 200, y: 0 } })).toBe(doc);
  });

  it('duplicate copies nodes with fresh ids, keeps the connections among them and shifts them', () => {
    const result = ok(duplicate(course(), ['dense-1', 'activation-1'], { x: 0, y: 100 }));
    expect(result.ids).toEqual(['dense-3', 'activation-2']);
    expect(result.doc.nodes.slice(4)).toEqual([
      { id: 'dense-3', kind: 'dense', params: { units: 3, useBias: true }, position: { x: 200, y: 100 } },
      { id: 'activation-2', kind: 'activation', params: { fn: 'relu', alpha: 0.01 }, position: { x: 400, y: 100 } },
    ]);
    // Only the connection inside the selection comes along.
    expect(result.doc.edges.slice(3)).toEqual([{ id: 'edge-1', source: 'dense-3', target: 'activation-2' }]);
  });

  it('copy and paste carry a selection through text, with fresh ids each time', () => {
    const text = copySelection(course(), ['dense-1', 'activation-1']);
    const once = ok(pasteClipboard(course(), text, { x: 10, y: 10 }));
    const twice = ok(pasteClipboard(frozen(once.doc), text, { x: 20, y: 20 }));
    expect(once.ids).toEqual(['dense-3', 'activation-2']);
    expect(twice.ids).toEqual(['dense-4', 'activation-3']);
    expect(twice.doc.edges.slice(3)).toEqual([
      { id: 'edge-1', source: 'dense-3', target: 'activation-2' },
      { id: 'edge-2', source: 'dense-4', target: 'activation-3' },
    ]);
    expect(twice.doc.nodes.find((n) => n.id === 'dense-4')!.position).toEqual({ x: 220, y: 20 });
    expect(GraphDoc.parse(twice.doc)).toEqual(twice.doc);
  });

  it('paste refuses text that is not a selection, or is hostile', () => {
    expect(pasteClipboard(course(), 'hello')).toEqual({ ok: false, reason: 'The clipboard does not hold Deepwire nodes; copy some nodes on the canvas first.' });
    expect(pasteClipboard(course(), JSON.stringify(course()))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not hold Deepwire nodes/) });
    const hostile = '{"format":"deepwire-selection","version":1,"nodes":[],"edges":[],"__proto__":{"x":1}}';
    expect(pasteClipboard(course(), hostile)).toMatchObject({ ok: false, reason: expect.stringMatching(/forbidden key "__proto__"/) });
    const badKind = JSON.stringify({ format: 'deepwire-selection', version: 1, nodes: [{ ...node('a', 'dense'), kind: 'conv' }], edges: [] });
    expect(pasteClipboard(course(), badKind)).toMatchObject({ ok: false, reason: expect.stringMatching(/nodes\.0\.kind/) });
  });

  it('autoLayout puts the chain on one row, left to right, and the rest below', () => {
    const doc = frozen(
      docOf(
        [
          node('dense-9', 'dense', {}, { x: -50, y: 300 }),
          node('dense-1', 'dense', {}, { x: 999, y: 5 }),
          node('input-1', 'input', {}, { x: 500, y: 500 }),
          node('activation-7', 'activation', {}, { x: 1, y: 1 }),
          node('activation-1', 'activation', {}, { x: 3, y: 3 }),
          node('dropout-1', 'dropout', {}, { x: 7, y: 7 }),
        ],
        [edge('input-1', 'dense-1'), edge('dense-1', 'activation-1'), edge('activation-7', 'dropout-1')],
      ),
    );
    const laid = autoLayout(doc);
    const at = (id: string) => laid.nodes.find((n) => n.id === id)!.position;
    expect([at('input-1'), at('dense-1'), at('activation-1')]).toEqual([
      { x: 0, y: 0 },
      { x: layoutColumnWidth, y: 0 },
      { x: 2 * layoutColumnWidth, y: 0 },
    ]);
    // The loose fragment on the next row, the lone node on the last.
    expect([at('activation-7'), at('dropout-1')]).toEqual([
      { x: 0, y: layoutRowHeight },
      { x: layoutColumnWidth, y: layoutRowHeight },
    ]);
    expect(at('dense-9')).toEqual({ x: 0, y: 2 * layoutRowHeight });
    expect(laid.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
  });

  it('autoLayout survives loops', () => {
    const doc = docOf([node('a', 'dense'), node('b', 'activation')], [edge('a', 'b'), edge('b', 'a')]);
    const laid = autoLayout(doc);
    expect(laid.nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 0 },
      { x: layoutColumnWidth, y: 0 },
    ]);
  });
});

describe('wiring an output into a Loss', () => {
  // A fresh Loss defaults to categorical cross-entropy; wiring a Sigmoid output into it adopts the loss that fits.
  const tail = () =>
    instantiateTemplate('three-layer')!;

  it('adopts the first fitting loss as part of the same edit', () => {
    const doc = tail();
    const loss = doc.nodes.find((n) => n.kind === 'loss')!;
    const sigmoid = doc.nodes.find((n) => n.kind === 'sigmoid-output')!;
    const unwired = { ...doc, edges: doc.edges.filter((e) => e.target !== loss.id), nodes: doc.nodes.map((n) => (n.id === loss.id ? { ...n, params: { fn: 'categorical-crossentropy' } } : n)) };
    expect(canConnect(unwired, sigmoid.id, loss.id).ok).toBe(false);
    expect(checkConnection(unwired, sigmoid.id, loss.id)).toEqual({ ok: true });
    const result = connect(unwired, sigmoid.id, loss.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.doc.nodes.find((n) => n.id === loss.id)!.params.fn).toBe('binary-crossentropy');
    expect(validateGraph(result.doc).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('leaves a loss that already fits alone', () => {
    const doc = tail();
    const loss = doc.nodes.find((n) => n.kind === 'loss')!;
    const sigmoid = doc.nodes.find((n) => n.kind === 'sigmoid-output')!;
    const unwired = { ...doc, edges: doc.edges.filter((e) => e.target !== loss.id), nodes: doc.nodes.map((n) => (n.id === loss.id ? { ...n, params: { fn: 'mse' } } : n)) };
    expect(prepareConnection(unwired, sigmoid.id, loss.id)).toBe(unwired);
  });
});

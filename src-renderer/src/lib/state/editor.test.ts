import { describe, expect, it } from 'vitest';
import { canConnect, emptyGraphDoc, type GraphDoc } from '@shared/graph';
import { courseNet } from '../testing/designs';
import { EditorState, cardSize, pasteStep } from './editor.svelte';

/** An editor whose canvas centre is at (500, 300) and which counts onChange calls. */
function setup() {
  const changes: GraphDoc[] = [];
  const editor = new EditorState({ onChange: (e) => changes.push(e.doc) });
  editor.viewport = { centre: () => ({ x: 500, y: 300 }), size: () => ({ width: 1200, height: 600 }) };
  return { editor, changes };
}

/** Builds the course net through the editor's own actions, like a person on the canvas would. */
function buildCourseNet(editor: EditorState): string[] {
  const kinds = ['input', 'dense', 'activation', 'dense', 'activation', 'dense', 'sigmoid-output', 'loss'] as const;
  const ids = kinds.map((kind, i) => editor.addNode(kind, { x: 100 + 300 * i, y: 200 })!);
  expect(editor.updateParam(ids[3]!, 'units', 5)).toBe(true);
  expect(editor.updateParam(ids[5]!, 'units', 1)).toBe(true);
  // Before wiring: a sigmoid output refuses a loss still set to categorical cross-entropy (the default).
  expect(editor.updateParam(ids[7]!, 'fn', 'binary-crossentropy')).toBe(true);
  for (let i = 1; i < ids.length; i++) expect(editor.connect(ids[i - 1]!, ids[i]!)).toBe(true);
  return ids;
}

describe('EditorState', () => {
  it('starts empty, clean and untitled, with nothing to undo', () => {
    const { editor } = setup();
    expect(editor.doc).toEqual(emptyGraphDoc());
    expect([editor.dirty, editor.canUndo, editor.canRedo, editor.title, editor.totalParams]).toEqual([false, false, false, 'Untitled design', 0]);
  });

  it('adds a node centred on a point, selected, and undoes and redoes it', () => {
    const { editor, changes } = setup();
    const id = editor.addNode('dense', { x: 400, y: 240 })!;
    const node = editor.doc.nodes[0]!;
    expect(node).toMatchObject({ id, kind: 'dense', params: { units: 10, useBias: true } });
    expect(node.position).toEqual({ x: 400 - cardSize.width / 2, y: 240 - cardSize.height / 2 });
    expect(editor.selection).toEqual({ nodes: [id], edges: [] });
    expect(editor.dirty).toBe(true);
    expect(changes).toHaveLength(1);

    expect(editor.undo()).toBe(true);
    expect(editor.doc.nodes).toEqual([]);
    expect(editor.selection.nodes).toEqual([]); // a node that is gone is no longer selected
    expect(editor.dirty).toBe(false);
    expect(editor.redo()).toBe(true);
    expect(editor.doc.nodes[0]).toEqual(node);
    expect(editor.undo() && editor.undo()).toBe(false);
  });

  it('adds at the viewport centre, stepping aside from a node already there', () => {
    const { editor } = setup();
    const a = editor.addNodeAtCentre('dense')!;
    const b = editor.addNodeAtCentre('dense')!;
    const at = (id: string) => editor.doc.nodes.find((n) => n.id === id)!.position;
    expect(at(a)).toEqual({ x: 500 - cardSize.width / 2, y: 300 - cardSize.height / 2 });
    expect(at(b)).toEqual({ x: 500 - cardSize.width / 2 + pasteStep, y: 300 - cardSize.height / 2 + pasteStep });
  });

  it('builds the course network: 2·10+10 + 10·5+5 + 5·1+1 = 91 parameters, no errors', () => {
    const { editor } = setup();
    buildCourseNet(editor);
    expect(editor.totalParams).toBe(91);
    expect(editor.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(editor.shapes.edges[editor.doc.edges[0]!.id]).toBe(2);
  });

  it('refuses a wrong connection with its reason and changes nothing', () => {
    const { editor } = setup();
    const ids = buildCourseNet(editor);
    const before = editor.doc;
    const loss = ids[7]!;
    const dense = ids[1]!;
    const expected = canConnect(before, loss, dense);
    expect(expected.ok).toBe(false);

    expect(editor.canConnect(loss, dense)).toBe(false);
    expect(editor.connect(loss, dense, { x: 40, y: 50 })).toBe(false);
    expect(editor.doc).toBe(before);
    expect(editor.lastRefusal).toEqual({ message: expected.ok ? '' : expected.reason, at: { x: 40, y: 50 } });
    expect(editor.lastRefusal!.message.length).toBeGreaterThan(10);

    // A cycle: the last activation back into the first dense (whose input is taken too) is refused as well.
    expect(editor.connect(ids[6]!, ids[2]!)).toBe(false);
    expect(editor.doc).toBe(before);
    // The message stays until the next action.
    editor.select({ nodes: [ids[0]!], edges: [] });
    expect(editor.lastRefusal).not.toBeNull();
    editor.moveNodes({ [ids[0]!]: { x: 0, y: 0 } });
    expect(editor.lastRefusal).toBeNull();
  });

  it('refuses a parameter the schema rejects, naming the field, and applies a valid one', () => {
    const { editor } = setup();
    const id = editor.addNode('dense', { x: 0, y: 0 })!;
    const before = editor.doc;
    expect(editor.updateParam(id, 'units', 0)).toBe(false);
    expect(editor.doc).toBe(before);
    expect(editor.fieldError(id, 'units')).toMatch(/units/);
    expect(editor.updateParam(id, 'units', 64)).toBe(true);
    expect(editor.fieldError(id, 'units')).toBeNull();
    expect(editor.doc.nodes[0]!.params.units).toBe(64);
    editor.rejectParam(id, 'units', 'Enter a number.');
    expect(editor.fieldError(id, 'units')).toBe('Enter a number.');
    editor.clearFieldError(id, 'units');
    expect(editor.fieldError(id, 'units')).toBeNull();
  });

  it('makes typing into one field one undo step, until the field is left', () => {
    const { editor } = setup();
    const id = editor.addNode('dense', { x: 0, y: 0 })!;
    editor.updateParam(id, 'units', 1);
    editor.updateParam(id, 'units', 12);
    editor.updateParam(id, 'units', 128);
    editor.sealHistory();
    editor.updateParam(id, 'units', 64);
    editor.undo();
    expect(editor.doc.nodes[0]!.params.units).toBe(128);
    editor.undo();
    expect(editor.doc.nodes[0]!.params.units).toBe(10);
  });

  it('undoes every kind of edit, in order, and redoes them all', () => {
    const { editor } = setup();
    const snapshots: GraphDoc[] = [editor.doc];
    const step = (edit: () => unknown) => {
      edit();
      expect(editor.doc).not.toBe(snapshots.at(-1));
      snapshots.push(editor.doc);
    };
    let a = '';
    let b = '';
    step(() => (a = editor.addNode('input', { x: 0, y: 0 })!));
    step(() => (b = editor.addNode('dense', { x: 300, y: 0 })!));
    step(() => editor.connect(a, b));
    step(() => editor.updateParam(b, 'units', 3));
    step(() => editor.moveNodes({ [b]: { x: 320, y: 40 } }));
    step(() => editor.select({ nodes: [b], edges: [] }) ?? editor.duplicateSelection());
    step(() => editor.select({ nodes: [a, b], edges: [] }) ?? (editor.copy(), editor.paste()));
    step(() => editor.deleteSelection());
    step(() => editor.autoLayout());
    step(() => editor.loadTemplate('logistic-regression'));
    step(() => editor.disconnect(editor.doc.edges[0]!.id));

    for (let i = snapshots.length - 2; i >= 0; i--) {
      expect(editor.undo()).toBe(true);
      expect(editor.doc).toBe(snapshots[i]);
    }
    expect(editor.canUndo).toBe(false);
    for (let i = 1; i < snapshots.length; i++) {
      expect(editor.redo()).toBe(true);
      expect(editor.doc).toBe(snapshots[i]);
    }
    expect(editor.canRedo).toBe(false);
  });

  it('coalesces keyboard nudges of the same nodes, but not two drags', () => {
    const { editor } = setup();
    const id = editor.addNode('dense', { x: 0, y: 0 })!;
    const start = editor.doc;
    editor.moveNodes({ [id]: { x: 5, y: 0 } }, true);
    editor.moveNodes({ [id]: { x: 10, y: 0 } }, true);
    editor.undo();
    expect(editor.doc).toBe(start);
    editor.moveNodes({ [id]: { x: 50, y: 0 } });
    editor.moveNodes({ [id]: { x: 90, y: 0 } });
    editor.undo();
    expect(editor.doc.nodes[0]!.position).toEqual({ x: 50, y: 0 });
  });

  it('copies and pastes with fresh ids, each paste a step further, and selects what it pasted', () => {
    const { editor } = setup();
    const { doc, ids } = courseNet();
    editor.load(doc, 'course');
    expect(editor.paste()).toEqual([]); // nothing copied yet
    editor.select({ nodes: [ids[1]!, ids[2]!], edges: [] });
    expect(editor.copy()).toBe(true);
    const first = editor.paste();
    const second = editor.paste();
    expect(first).toHaveLength(2);
    expect(new Set([...ids, ...first, ...second]).size).toBe(ids.length + 4);
    expect(editor.selection.nodes).toEqual(second);
    const position = (id: string) => editor.doc.nodes.find((n) => n.id === id)!.position;
    expect(position(first[0]!)).toEqual({ x: 300 + pasteStep, y: pasteStep });
    expect(position(second[0]!)).toEqual({ x: 300 + 2 * pasteStep, y: 2 * pasteStep });
    // The connection between the two copied nodes comes along: 7 + 1 + 1.
    expect(editor.doc.edges).toHaveLength(9);
  });

  it('deletes selected nodes (with their connections) and selected connections', () => {
    const { editor } = setup();
    const { doc, ids } = courseNet();
    editor.load(doc, 'course');
    editor.select({ nodes: [ids[2]!], edges: [doc.edges[5]!.id] });
    expect(editor.deleteSelection()).toBe(true);
    expect(editor.doc.nodes.map((n) => n.id)).not.toContain(ids[2]);
    // 7 edges − the 2 touching the activation − the selected one = 4
    expect(editor.doc.edges).toHaveLength(4);
    expect(editor.selection).toEqual({ nodes: [], edges: [] });
    expect(editor.deleteSelection()).toBe(false);
  });

  it('selects only what exists, and selects everything', () => {
    const { editor } = setup();
    const { doc, ids } = courseNet();
    editor.load(doc, 'course');
    editor.select({ nodes: [ids[0]!, 'ghost'], edges: ['nope'] });
    expect(editor.selection).toEqual({ nodes: [ids[0]], edges: [] });
    editor.selectAll();
    expect(editor.selection.nodes).toHaveLength(8);
    expect(editor.selection.edges).toHaveLength(7);
    expect(editor.selectedNodes.map((n) => n.id)).toEqual(ids);
  });

  it('tracks unsaved changes against the saved document', () => {
    const { editor } = setup();
    const { doc } = courseNet();
    editor.load(doc, 'course');
    expect([editor.dirty, editor.title, editor.canUndo]).toEqual([false, 'course', false]);
    editor.autoLayout();
    expect(editor.dirty).toBe(true);
    const saved = editor.doc;
    editor.markSaved('course 2', saved);
    expect([editor.dirty, editor.title]).toEqual([false, 'course 2']);
    editor.undo();
    expect(editor.dirty).toBe(true);
    editor.redo();
    expect(editor.dirty).toBe(false);
    editor.load(doc, null, false); // an import: never saved
    expect([editor.dirty, editor.title]).toEqual([true, 'Untitled design']);
    editor.newDesign();
    expect([editor.dirty, editor.doc.nodes.length, editor.fileName]).toEqual([false, 0, null]);
  });

  it('loads a template as one undoable edit, wrapped to fit the canvas', () => {
    const { editor } = setup();
    expect(editor.loadTemplate('no-such-template')).toBe(false);
    expect(editor.lastRefusal?.message).toMatch(/no-such-template/);
    expect(editor.loadTemplate('three-layer')).toBe(true);
    expect(editor.totalParams).toBe(91);
    const rows = new Set(editor.doc.nodes.map((n) => n.position.y));
    expect(rows.size).toBeGreaterThan(1); // 9 cards do not fit one row of a 1200×600 canvas at a readable zoom
    editor.undo();
    expect(editor.doc.nodes).toEqual([]);
  });
});

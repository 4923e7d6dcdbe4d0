import { describe, expect, it } from 'vitest';
import type { GraphDoc } from './doc';
import { addNode, moveNodes, updateParams } from './edit';
import { History, moveKey, paramKey } from './history';
import { docOf, node } from './test-fixtures';

const start = () => docOf([node('dense-1', 'dense', {}, { x: 0, y: 0 })]);
const xOf = (doc: GraphDoc) => doc.nodes[0]!.position.x;
const moved = (doc: GraphDoc, x: number) => moveNodes(doc, { 'dense-1': { x, y: 0 } });

describe('History', () => {
  it('undoes and redoes steps in order', () => {
    const history = new History(start());
    expect([history.canUndo, history.canRedo]).toEqual([false, false]);
    const a = moved(history.current, 10);
    history.push(a);
    const b = moved(a, 20);
    history.push(b);
    expect(history.undo()).toBe(a);
    expect(xOf(history.undo()!)).toBe(0);
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBeNull();
    expect(history.redo()).toBe(a);
    expect(history.redo()).toBe(b);
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBeNull();
  });

  it('drops the redo branch when a new edit is pushed after an undo', () => {
    const history = new History(start());
    history.push(moved(history.current, 10));
    history.undo();
    expect(history.canRedo).toBe(true);
    history.push(moved(history.current, 99));
    expect(history.canRedo).toBe(false);
    expect(xOf(history.current)).toBe(99);
  });

  it('folds consecutive pushes with the same key into one step (a drag)', () => {
    const history = new History(start());
    const key = moveKey(['dense-1']);
    for (const x of [1, 2, 3, 4, 5]) history.push(moved(history.current, x), key);
    expect(history.undoDepth).toBe(1);
    expect(xOf(history.current)).toBe(5);
    expect(xOf(history.undo()!)).toBe(0);
    expect(xOf(history.redo()!)).toBe(5);
  });

  it('keeps pushes with different keys, or after seal(), as separate steps', () => {
    const history = new History(start());
    history.push(moved(history.current, 1), moveKey(['dense-1']));
    const edited = updateParams(history.current, 'dense-1', { units: 2 });
    if (!edited.ok) throw new Error(edited.reason);
    history.push(edited.doc, paramKey('dense-1', 'units'));
    history.push(moved(history.current, 2), moveKey(['dense-1']));
    history.seal();
    history.push(moved(history.current, 3), moveKey(['dense-1']));
    expect(history.undoDepth).toBe(4);
    // A key-less push never coalesces.
    const added = addNode(history.current, 'dropout', { x: 0, y: 0 });
    if (!added.ok) throw new Error(added.reason);
    history.push(added.doc);
    history.push(moved(history.current, 4));
    expect(history.undoDepth).toBe(6);
  });

  it('does not fold into a step that was undone', () => {
    const history = new History(start());
    const key = paramKey('dense-1', 'units');
    history.push(moved(history.current, 1), key);
    history.undo();
    history.push(moved(history.current, 2), key);
    expect(history.undoDepth).toBe(1);
    expect(xOf(history.undo()!)).toBe(0);
  });

  it('ignores pushing the current document again', () => {
    const history = new History(start());
    history.push(history.current);
    expect(history.canUndo).toBe(false);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const history = new History(start());
    expect(history.limit).toBe(200);
    for (let x = 1; x <= 250; x++) history.push(moved(history.current, x));
    expect(history.undoDepth).toBe(200);
    let last: GraphDoc | null = null;
    while (history.canUndo) last = history.undo();
    // 250 pushes, 200 kept: the oldest reachable is the document after push 50.
    expect(xOf(last!)).toBe(50);
    const small = new History(start(), { limit: 3 });
    for (let x = 1; x <= 5; x++) small.push(moved(small.current, x));
    expect(small.undoDepth).toBe(3);
  });

  it('tracks whether the current document is the saved one', () => {
    const history = new History(start());
    expect(history.isDirty).toBe(false);
    history.push(moved(history.current, 1));
    expect(history.isDirty).toBe(true);
    history.markSaved();
    expect(history.isDirty).toBe(false);
    history.undo();
    expect(history.isDirty).toBe(true);
    history.redo();
    expect(history.isDirty).toBe(false);
    history.reset(start());
    expect([history.isDirty, history.canUndo, history.canRedo]).toEqual([false, false, false]);
  });

  it('makes coalescing keys independent of selection order', () => {
    expect(moveKey(['b', 'a'])).toBe(moveKey(['a', 'b']));
    expect(paramKey('dense-1', 'units')).not.toBe(paramKey('dense-1', 'useBias'));
  });
});

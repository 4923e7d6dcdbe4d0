/** Designs for tests, built through the same edit functions the editor uses (no hand-written ids). */
import { addNode, connect, emptyGraphDoc, type GraphDoc, type NodeKind } from '@shared/graph';

export type Step = [NodeKind, Record<string, unknown>?];

/** Nodes added in order at x = 300·i, each connected to the next. Returns the doc and the ids in order. */
export function chain(steps: readonly Step[]): { doc: GraphDoc; ids: string[] } {
  let doc = emptyGraphDoc();
  const ids: string[] = [];
  steps.forEach(([kind, params], i) => {
    const added = addNode(doc, kind, { x: 300 * i, y: 0 }, params);
    if (!added.ok) throw new Error(added.reason);
    doc = added.doc;
    const previous = ids.at(-1);
    if (previous) {
      const joined = connect(doc, previous, added.id);
      if (!joined.ok) throw new Error(joined.reason);
      doc = joined.doc;
    }
    ids.push(added.id);
  });
  return { doc, ids };
}

/** The course's 2 → 10 → 5 → 1 network with ReLU hidden layers, a sigmoid output and binary cross-entropy. */
export function courseNet() {
  return chain([
    ['input', { size: 2, source: 'fixed' }],
    ['dense', { units: 10 }],
    ['activation', { fn: 'relu' }],
    ['dense', { units: 5 }],
    ['activation', { fn: 'relu' }],
    ['dense', { units: 1 }],
    ['sigmoid-output'],
    ['loss', { fn: 'binary-crossentropy' }],
  ]);
}

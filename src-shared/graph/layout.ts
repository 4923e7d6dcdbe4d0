/**
 * Auto layout: the chain left to right on one row, then any other fragments (chains not yet
 * joined to the Input) one row each below, then lone nodes on a last row. A chain needs no more.
 */
import type { GraphDoc, GraphNode, Position } from './doc';
import { indexGraph, mainChain, walkFrom } from './graph-index';

export const layoutColumnWidth = 220;
export const layoutRowHeight = 140;

export function autoLayout(doc: GraphDoc, origin: Position = { x: 0, y: 0 }): GraphDoc {
  const index = indexGraph(doc);
  const placed = new Map<string, Position>();
  const rows: GraphNode[][] = [];
  const takeRow = (nodes: GraphNode[]) => {
    const row = nodes.filter((n) => !placed.has(n.id));
    if (row.length === 0) return;
    rows.push(row);
    for (const node of row) placed.set(node.id, { x: 0, y: 0 });
  };
  takeRow(mainChain(index) ?? []);
  // Other fragments start at a node with nothing coming in (or, for a loop, anywhere on it).
  const connected = (n: GraphNode) => (index.incoming.get(n.id)?.length ?? 0) + (index.outgoing.get(n.id)?.length ?? 0) > 0;
  for (const node of doc.nodes) {
    if (!placed.has(node.id) && connected(node) && !(index.incoming.get(node.id)?.length)) takeRow(walkFrom(index, node.id));
  }
  for (const node of doc.nodes) if (!placed.has(node.id) && connected(node)) takeRow(walkFrom(index, node.id));
  takeRow(doc.nodes.filter((n) => !placed.has(n.id)));

  const positions = new Map<string, Position>();
  rows.forEach((row, r) => row.forEach((node, c) => positions.set(node.id, { x: origin.x + c * layoutColumnWidth, y: origin.y + r * layoutRowHeight })));
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}

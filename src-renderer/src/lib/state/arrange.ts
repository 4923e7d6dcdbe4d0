/**
 * Fitting a laid-out design to the canvas. @shared/graph's autoLayout puts a network on one row in
 * network order; a 12-node chain on one row would be a thin strip of unreadable cards. This wraps
 * long rows so the design fills the view at the largest zoom, keeping the order (read like text:
 * left to right, then the next line).
 */
import { moveNodes, type GraphDoc, type Position } from '@shared/graph';

export interface ArrangeOptions {
  /** The canvas size in pixels. */
  width: number;
  height: number;
  /** Grid pitch in flow units: a card plus the room an edge label needs. */
  columnWidth: number;
  rowHeight: number;
}

export const arrangeGrid = { columnWidth: 310, rowHeight: 180 } as const;

/** Rows of node ids: nodes sharing a y, ordered by x. */
export function rowsOf(doc: GraphDoc): string[][] {
  const byY = new Map<number, { id: string; x: number }[]>();
  for (const n of doc.nodes) {
    const row = byY.get(n.position.y) ?? [];
    row.push({ id: n.id, x: n.position.x });
    byY.set(n.position.y, row);
  }
  return [...byY.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row.sort((a, b) => a.x - b.x).map((n) => n.id));
}

/** How many cards per line make the whole design largest on a canvas of this size. */
export function bestPerRow(rows: readonly (readonly string[])[], options: ArrangeOptions): number {
  const longest = Math.max(1, ...rows.map((r) => r.length));
  let best = longest;
  let bestZoom = 0;
  for (let perRow = longest; perRow >= 1; perRow--) {
    const lines = rows.reduce((sum, r) => sum + Math.max(1, Math.ceil(r.length / perRow)), 0);
    const zoom = Math.min(options.width / (perRow * options.columnWidth), options.height / (lines * options.rowHeight));
    // Strictly better only: among equals, fewer line breaks read more easily.
    if (zoom > bestZoom + 1e-9) {
      bestZoom = zoom;
      best = perRow;
    }
  }
  return best;
}

/** The design with its rows wrapped to fit the canvas; one grid cell per node. */
export function arrangeForCanvas(doc: GraphDoc, options: ArrangeOptions): GraphDoc {
  const rows = rowsOf(doc);
  const perRow = bestPerRow(rows, options);
  const positions: Record<string, Position> = {};
  let line = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0 && i % perRow === 0) line++;
      positions[row[i]!] = { x: (i % perRow) * options.columnWidth, y: line * options.rowHeight };
    }
    line++;
  }
  return moveNodes(doc, positions);
}

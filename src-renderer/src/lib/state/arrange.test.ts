import { describe, expect, it } from 'vitest';
import { autoLayout } from '@shared/graph';
import { chain } from '../testing/designs';
import { arrangeForCanvas, bestPerRow, rowsOf } from './arrange';

const grid = { columnWidth: 300, rowHeight: 180 };

describe('arrange', () => {
  it('reads rows as nodes sharing a y, left to right', () => {
    const { doc, ids } = chain([['input'], ['dense'], ['activation']]);
    const moved = { ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: [500, 100, 0][i]!, y: [0, 0, 90][i]! } })) };
    expect(rowsOf(moved)).toEqual([[ids[1], ids[0]], [ids[2]]]);
  });

  it('picks the number of cards per line that gives the largest zoom', () => {
    const twelve = [Array.from({ length: 12 }, (_, i) => `n${i}`)];
    // 900×600 px: 4 per line → 3 lines: zoom min(900/1200, 600/540) = 0.75; 3 per line → 4 lines: min(1, 600/720) = 0.83;
    // 2 per line → 6 lines: min(1.5, 600/1080) = 0.56. Three wins.
    expect(bestPerRow(twelve, { width: 900, height: 600, ...grid })).toBe(3);
    // A wide, short canvas keeps one line: 12 per line → min(3600/3600, 200/180) = 1.
    expect(bestPerRow(twelve, { width: 3600, height: 200, ...grid })).toBe(12);
  });

  it('wraps a long chain into lines, in order, on the grid', () => {
    const { doc, ids } = chain(Array.from({ length: 7 }, () => ['dense'] as ['dense']));
    const arranged = arrangeForCanvas(autoLayout(doc), { width: 900, height: 600, ...grid });
    const at = (i: number) => arranged.nodes.find((n) => n.id === ids[i])!.position;
    // 7 cards: 3 per line → 3 lines (min(1, 600/540) = 1) beats 4 per line (min(0.75, 600/360)).
    expect([0, 1, 2, 3, 6].map(at)).toEqual([
      { x: 0, y: 0 },
      { x: 300, y: 0 },
      { x: 600, y: 0 },
      { x: 0, y: 180 },
      { x: 0, y: 360 },
    ]);
    expect(arranged.edges).toEqual(doc.edges);
  });
});

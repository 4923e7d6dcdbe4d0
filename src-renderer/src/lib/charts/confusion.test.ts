import { describe, expect, it } from 'vitest';
import { confusionShares } from './confusion';

describe('confusionShares', () => {
  it('divides each cell by its row total and reads accuracy off the diagonal', () => {
    // rows: true 0 → 8 right, 2 wrong; true 1 → 1 wrong, 3 right; true 2 → none in the dev set.
    const { rows, accuracy } = confusionShares([
      [8, 2, 0],
      [1, 3, 0],
      [0, 0, 0],
    ]);
    expect(rows).toEqual([
      [0.8, 0.2, 0],
      [0.25, 0.75, 0],
      [0, 0, 0],
    ]);
    expect(accuracy).toBeCloseTo(11 / 14, 12);
  });
});

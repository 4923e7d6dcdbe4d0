import { describe, expect, it } from 'vitest';
import { galleryLayout, inkPixels } from './gallery';

describe('gallery', () => {
  it('fills rows left to right as the width allows', () => {
    // 28-px images at 2× are 56 px; tiles are 76 + 14 = 90 px wide → 4 columns in 350 px (4·90 − 14 = 346).
    const layout = galleryLayout(10, 350, 28, 28);
    expect(layout.columns).toBe(4);
    expect(layout.positions[4]!.x).toBe(layout.positions[0]!.x);
    expect(layout.positions[4]!.y).toBeGreaterThan(layout.positions[3]!.y);
    // Three rows of 56 + 18 caption, 14 apart.
    expect(layout.height).toBe(3 * (56 + 18 + 14) - 14 + 2);
  });

  it('draws grey levels as ink opacity', () => {
    expect(Array.from(inkPixels([0, 1, 0.5], 3, 1, [10, 20, 30]))).toEqual([10, 20, 30, 0, 10, 20, 30, 255, 10, 20, 30, 128]);
  });
});

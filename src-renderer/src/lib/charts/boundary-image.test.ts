import { describe, expect, it } from 'vitest';
import type { DecisionBoundary } from '@shared/api';
import { boundaryPixels, classColor, classCount, confidenceAlpha } from './boundary-image';
import { rgbOf } from './palette';

const boundary: DecisionBoundary = {
  xMin: -1,
  xMax: 1,
  yMin: -2,
  yMax: 2,
  size: 2,
  // Row 0 (y = yMin): class 0, 1; row 1 (y = yMax): class 1, 1.
  classOf: [0, 1, 1, 1],
  confidence: [1, 0.5, 0.75, 1],
  points: { x: [0], y: [0], label: [0] },
};

describe('decision boundary pixels', () => {
  it('alpha rises from chance (faint) to certainty (strong)', () => {
    // Two classes: chance is 0.5 → 0.08; certain → 0.08 + 0.6 = 0.68; 0.75 is halfway → 0.38.
    expect(confidenceAlpha(0.5, 2)).toBeCloseTo(0.08, 12);
    expect(confidenceAlpha(1, 2)).toBeCloseTo(0.68, 12);
    expect(confidenceAlpha(0.75, 2)).toBeCloseTo(0.38, 12);
    // Three classes: chance is 1/3.
    expect(confidenceAlpha(1 / 3, 3)).toBeCloseTo(0.08, 12);
  });

  it('puts the grid’s first row (yMin) at the bottom of the image, coloured by class', () => {
    expect(classCount(boundary)).toBe(2);
    const pixels = boundaryPixels(boundary);
    const pixel = (imageRow: number, column: number) => Array.from(pixels.slice((imageRow * 2 + column) * 4, (imageRow * 2 + column) * 4 + 4));
    const [r0, g0, b0] = rgbOf(classColor(0));
    const [r1, g1, b1] = rgbOf(classColor(1));
    // Bottom-left: grid cell 0 (class 0, certain).
    expect(pixel(1, 0)).toEqual([r0, g0, b0, Math.round(255 * 0.68)]);
    // Bottom-right: cell 1 (class 1, a coin toss).
    expect(pixel(1, 1)).toEqual([r1, g1, b1, Math.round(255 * 0.08)]);
    // Top-left: cell 2 (class 1 at 0.75).
    expect(pixel(0, 0)).toEqual([r1, g1, b1, Math.round(255 * 0.38)]);
  });
});

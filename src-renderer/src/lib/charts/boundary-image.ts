/**
 * The decision boundary's heat map as pixels: one pixel per grid cell, coloured by the predicted
 * class with an alpha that grows with the model's confidence, so uncertain regions fade out and
 * the boundary shows as the faint band between colours. Pure (no canvas), so it is tested directly.
 */
import type { DecisionBoundary } from '@shared/api';
import { categoricalColor, rgbOf } from './palette';

/** How many classes the picture needs colours for: every class predicted or labelled, at least 2. */
export function classCount(boundary: DecisionBoundary): number {
  let highest = 1;
  for (const c of boundary.classOf) highest = Math.max(highest, c);
  for (const c of boundary.points.label) highest = Math.max(highest, c);
  return highest + 1;
}

/** Confidence 1/K (a guess) → faint, 1 (certain) → strong: α = 0.08 + 0.6·(p − 1/K)/(1 − 1/K). */
export function confidenceAlpha(confidence: number, classes: number): number {
  const chance = 1 / classes;
  const share = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)));
  return 0.08 + 0.6 * share;
}

export function classColor(index: number): string {
  return categoricalColor(index);
}

/**
 * RGBA bytes of a size×size image. The grid's rows run from yMin upward; an image's rows run from
 * the top down, so grid row r becomes image row size − 1 − r (y grows upward on the plot).
 */
export function boundaryPixels(boundary: DecisionBoundary): Uint8ClampedArray {
  const { size, classOf, confidence } = boundary;
  const classes = classCount(boundary);
  const colors = Array.from({ length: classes }, (_, k) => rgbOf(classColor(k)));
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const cell = row * size + column;
      const [r, g, b] = colors[classOf[cell] ?? 0]!;
      const at = ((size - 1 - row) * size + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = Math.round(255 * confidenceAlpha(confidence[cell] ?? 0, classes));
    }
  }
  return pixels;
}

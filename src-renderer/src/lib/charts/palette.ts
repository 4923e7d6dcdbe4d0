import { color } from 'chart.js/helpers';

/**
 * Colours the charts pick themselves (classes, tensors): ten mid-tone hues that read on both the
 * light and the dark surface (Tableau 10). Run colours come with the runs.
 */
export const categorical = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function categoricalColor(index: number): string {
  return categorical[((index % categorical.length) + categorical.length) % categorical.length]!;
}

/** `value` (hex, rgb(), hsl() or a name) at `alpha` (0–1) as rgba(), which a canvas understands; unknown colours pass through. */
export function withAlpha(value: string, alpha: number): string {
  const parsed = color(value);
  return parsed.valid ? parsed.alpha(alpha).rgbString() : value;
}

/** A colour's red, green and blue (0–255), for writing pixels directly; grey when it cannot be read. */
export function rgbOf(value: string): [number, number, number] {
  const parsed = color(value);
  return parsed.valid ? [parsed.rgb.r, parsed.rgb.g, parsed.rgb.b] : [128, 128, 128];
}

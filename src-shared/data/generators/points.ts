/**
 * The common tail of the 2-D generators: points are built in class order in float64, jittered,
 * then shuffled with the same stream and stored as float32 (the order WORKLOAD.md fixes for moons).
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';

/** [x, y, label] */
export type LabelledPoint = [number, number, number];

/** Adds noise·g to x then to y of each point, in order; draws even when noise is 0 so the stream stays aligned. */
export function jitter(points: LabelledPoint[], noise: number, rng: Rng): void {
  for (const point of points) {
    point[0] += noise * rng.normal();
    point[1] += noise * rng.normal();
  }
}

/** Shuffles the points with `rng` and packs them into a two-feature data set. */
export function packShuffled(points: LabelledPoint[], rng: Rng, classNames: string[]): Dataset {
  rng.shuffleInPlace(points);
  const x = new Float32Array(points.length * 2);
  const y = new Int32Array(points.length);
  points.forEach(([px, py, label], row) => {
    x[2 * row] = px;
    x[2 * row + 1] = py;
    y[row] = label;
  });
  return { x, y, rows: points.length, features: 2, classes: classNames.length, classNames };
}

/** Splits `total` into `parts` counts differing by at most one, the larger ones first. */
export function evenCounts(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, part) => Math.floor(total / parts) + (part < total % parts ? 1 : 0));
}

/** numpy's linspace(start, stop, count)[i], endpoint included; a single point sits at `start`. */
export function linspaceAt(start: number, stop: number, count: number, i: number): number {
  return count > 1 ? start + ((stop - start) * i) / (count - 1) : start;
}

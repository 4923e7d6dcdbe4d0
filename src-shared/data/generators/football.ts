/**
 * A "football field" in the spirit of the course's regularization data (where the goalkeeper's
 * kicks landed: which team's player headed the ball). Points fall uniformly on a field
 * [−0.75, 0.75]²; the class is the side of a wavy line, decided after adding noise·g to the distance
 * from it, so near the line the labels are mixed — the noise an unregularized network memorizes.
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { packShuffled, type LabelledPoint } from './points';

const halfWidth = 0.75;

/** Signed distance-like score from the dividing line y = 0.25·sin(4x) − 0.1·x. */
function side(px: number, py: number): number {
  return py - 0.25 * Math.sin(4 * px) + 0.1 * px;
}

export function football(samples: number, noise: number, rng: Rng): Dataset {
  const points: LabelledPoint[] = [];
  for (let i = 0; i < samples; i++) {
    const px = (rng.next() * 2 - 1) * halfWidth;
    const py = (rng.next() * 2 - 1) * halfWidth;
    points.push([px, py, side(px, py) + noise * rng.normal() > 0 ? 1 : 0]);
  }
  return packShuffled(points, rng, ['opponent', 'home']);
}

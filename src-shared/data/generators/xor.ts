/**
 * XOR: points in the four quadrants of [−1, 1]², class 1 where the signs of x and y differ.
 * Points are pushed `padding` away from the axes so the noiseless set is separable, then jittered.
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { jitter, packShuffled, type LabelledPoint } from './points';

const padding = 0.1;

export function xor(samples: number, noise: number, rng: Rng): Dataset {
  const points: LabelledPoint[] = [];
  for (let i = 0; i < samples; i++) {
    const px = awayFromAxis(rng.next() * 2 - 1);
    const py = awayFromAxis(rng.next() * 2 - 1);
    points.push([px, py, px > 0 !== py > 0 ? 1 : 0]);
  }
  jitter(points, noise, rng);
  return packShuffled(points, rng, ['same sign', 'different sign']);
}

function awayFromAxis(value: number): number {
  return value >= 0 ? value + padding : value - padding;
}

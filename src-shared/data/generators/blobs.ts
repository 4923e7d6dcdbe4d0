/**
 * k Gaussian blobs, one class each, centred evenly on a circle of radius 2 so every class borders
 * two others; `noise` is each blob's standard deviation.
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { evenCounts, jitter, packShuffled, type LabelledPoint } from './points';

const radius = 2;

export function blobs(samples: number, noise: number, rng: Rng, classes = 3): Dataset {
  const points: LabelledPoint[] = [];
  evenCounts(samples, classes).forEach((count, label) => {
    const angle = (2 * Math.PI * label) / classes;
    for (let i = 0; i < count; i++) points.push([radius * Math.cos(angle), radius * Math.sin(angle), label]);
  });
  jitter(points, noise, rng);
  return packShuffled(
    points,
    rng,
    Array.from({ length: classes }, (_, label) => `blob ${label + 1}`),
  );
}

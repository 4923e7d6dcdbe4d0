/**
 * K spiral arms, one class each (CS231n's spiral): arm j starts at angle 2πj/K and sweeps 4 radians
 * while its radius grows from 0 to 1.
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { evenCounts, jitter, linspaceAt, packShuffled, type LabelledPoint } from './points';

const sweep = 4;

export function spiral(samples: number, noise: number, rng: Rng, arms = 3): Dataset {
  const points: LabelledPoint[] = [];
  evenCounts(samples, arms).forEach((count, arm) => {
    const start = (2 * Math.PI * arm) / arms;
    for (let i = 0; i < count; i++) {
      const radius = linspaceAt(0, 1, count, i);
      const t = start + linspaceAt(0, sweep, count, i);
      points.push([radius * Math.sin(t), radius * Math.cos(t), arm]);
    }
  });
  jitter(points, noise, rng);
  return packShuffled(
    points,
    rng,
    Array.from({ length: arms }, (_, arm) => `arm ${arm + 1}`),
  );
}

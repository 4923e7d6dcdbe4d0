/**
 * Two interleaving half circles, the layout of sklearn's make_moons. With 1000 samples, noise 0.1
 * and mulberry32(7) it is byte for byte the benchmark's moons set (WORKLOAD.md).
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { jitter, linspaceAt, packShuffled, type LabelledPoint } from './points';

export function moons(samples: number, noise: number, rng: Rng): Dataset {
  // sklearn: the outer moon gets ⌊n/2⌋ points, the inner one the rest.
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const points: LabelledPoint[] = [];
  for (let i = 0; i < outer; i++) {
    const t = linspaceAt(0, Math.PI, outer, i);
    points.push([Math.cos(t), Math.sin(t), 0]);
  }
  for (let i = 0; i < inner; i++) {
    const t = linspaceAt(0, Math.PI, inner, i);
    points.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1]);
  }
  jitter(points, noise, rng);
  return packShuffled(points, rng, ['upper', 'lower']);
}

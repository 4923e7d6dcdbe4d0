/** A small circle inside a big one, the layout of sklearn's make_circles: not linearly separable. */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { jitter, packShuffled, type LabelledPoint } from './points';

/** `factor` is the inner circle's radius relative to the outer one's (1). */
export function circles(samples: number, noise: number, rng: Rng, factor = 0.5): Dataset {
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const points: LabelledPoint[] = [];
  // Angles evenly spaced over [0, 2π) without the endpoint, as sklearn does, so no point repeats.
  for (let i = 0; i < outer; i++) {
    const t = (2 * Math.PI * i) / outer;
    points.push([Math.cos(t), Math.sin(t), 0]);
  }
  for (let i = 0; i < inner; i++) {
    const t = (2 * Math.PI * i) / inner;
    points.push([factor * Math.cos(t), factor * Math.sin(t), 1]);
  }
  jitter(points, noise, rng);
  return packShuffled(points, rng, ['outer', 'inner']);
}

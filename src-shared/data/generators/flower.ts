/**
 * The course's planar "flower" (week 3, planar_utils.load_planar_dataset): two classes on the
 * petals of r = 4·sin(4θ). Class j takes θ from linspace(3.12·j, 3.12·(j+1)) plus noise·g, and
 * its radius gets its own noise·g; the course uses noise 0.2.
 */
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { evenCounts, linspaceAt, packShuffled, type LabelledPoint } from './points';

const petalLength = 4;
const arc = 3.12;

export function flower(samples: number, noise: number, rng: Rng): Dataset {
  const points: LabelledPoint[] = [];
  evenCounts(samples, 2).forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const theta = linspaceAt(arc * label, arc * (label + 1), count, i) + noise * rng.normal();
      const r = petalLength * Math.sin(4 * theta) + noise * rng.normal();
      points.push([r * Math.sin(theta), r * Math.cos(theta), label]);
    }
  });
  return packShuffled(points, rng, ['red', 'blue']);
}

/**
 * One seed, several independent streams. Forking in a fixed order means the data split, the
 * initial weights (and dropout masks) and the batch order each depend only on the seed, and
 * changing how much one of them draws never shifts the others.
 */
import { createRng, type Rng } from '../engine/rng';

export interface RunStreams {
  /** Splitting (and generating) the data. */
  data: Rng;
  /** The trainer: initial weights and dropout masks. */
  model: Rng;
  /** Mini-batch order, a fresh permutation each epoch. */
  batches: Rng;
}

export function runStreams(seed: number): RunStreams {
  const root = createRng(seed);
  return { data: root.fork(), model: root.fork(), batches: root.fork() };
}

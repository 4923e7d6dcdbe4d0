/**
 * A run's randomness as independent streams from two seeds: the data seed (generating and splitting
 * the data) and the model seed (initial weights, dropout masks and batch order). A search can vary
 * one without the other; forking in a fixed order means changing how much one stream draws never
 * shifts the others. With both seeds equal, the streams are those of the single seed that came before
 * (--seed sets both).
 */
import { RunSeeds } from '../api/training-settings';
import { createRng, type Rng } from '../engine/rng';

export { RunSeeds };

export interface RunStreams {
  /** Generating and splitting the data (data seed). */
  data: Rng;
  /** The trainer: initial weights and dropout masks (model seed). */
  model: Rng;
  /** Mini-batch order, a fresh permutation each epoch (model seed). */
  batches: Rng;
}

export function runStreams(seeds: number | RunSeeds): RunStreams {
  const { data, model } = typeof seeds === 'number' ? { data: seeds, model: seeds } : seeds;
  // Each stream keeps its place in the fork order of one root, so equal seeds give the old streams.
  const dataRoot = createRng(data);
  const modelRoot = createRng(model);
  modelRoot.fork();
  return { data: dataRoot.fork(), model: modelRoot.fork(), batches: modelRoot.fork() };
}

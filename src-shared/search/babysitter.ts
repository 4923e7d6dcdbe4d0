/**
 * Panda's scripted babysitter, the moves a person makes watching one run: halve α when the dev
 * loss has stopped improving for a while, and roll back to a checkpoint with a smaller α when the
 * run diverges. It decides only; the arena carries the actions out.
 */
import type { PandaPolicy } from '../api/search';
import { formatNumber } from './format';

export type BabysitterAction = { kind: 'none' } | { kind: 'scale-learning-rate'; factor: number; reason: string } | { kind: 'rollback'; factor: number; reason: string };

export interface EpochObservation {
  epoch: number;
  devLoss: number | null;
  diverged: boolean;
}

export class Babysitter {
  private best: number | null = null;
  private bestEpoch = 0;
  private stale = 0;

  constructor(private readonly policy: PandaPolicy) {}

  /** After each epoch: halve α after `patience` epochs without a better dev loss; roll back (with α × factor) when the run diverged. */
  observe(observation: EpochObservation): BabysitterAction {
    const { epoch, devLoss } = observation;
    const diverged = observation.diverged || (devLoss !== null && !Number.isFinite(devLoss));
    if (diverged) {
      // After a rollback the run repeats epochs from its checkpoint: patience starts over.
      this.stale = 0;
      if (!this.policy.rollbackOnDivergence) return { kind: 'none' };
      return { kind: 'rollback', factor: this.policy.factor, reason: `The run diverged at epoch ${epoch}: rolling back to the last checkpoint with α × ${formatNumber(this.policy.factor)}.` };
    }
    if (devLoss === null) return { kind: 'none' };
    if (this.best === null || devLoss < this.best) {
      this.best = devLoss;
      this.bestEpoch = epoch;
      this.stale = 0;
      return { kind: 'none' };
    }
    this.stale++;
    if (this.stale < this.policy.patience) return { kind: 'none' };
    this.stale = 0;
    return {
      kind: 'scale-learning-rate',
      factor: this.policy.factor,
      reason: `The dev loss has not improved for ${this.policy.patience} epoch${this.policy.patience === 1 ? '' : 's'} (best ${formatNumber(this.best)} at epoch ${this.bestEpoch}): α × ${formatNumber(this.policy.factor)}.`,
    };
  }
}

/**
 * Early stopping on the dev loss: remembers the best epoch and its weights, and says when the dev
 * loss has not improved (by more than minDelta) for `patience` epochs in a row.
 */
import type { WeightsDocument } from '../engine/trainer';
import type { EarlyStoppingConfig } from './config';

export class EarlyStopping {
  private bestLoss = Number.POSITIVE_INFINITY;
  private best: { epoch: number; weights: WeightsDocument } | null = null;
  private epochsSinceBest = 0;

  constructor(private readonly config: EarlyStoppingConfig) {}

  /**
   * Records an epoch's dev loss; `snapshot` is called only when it is the best so far. Returns
   * true when patience has run out.
   */
  observe(epoch: number, devLoss: number, snapshot: () => WeightsDocument): boolean {
    if (devLoss < this.bestLoss - this.config.minDelta) {
      this.bestLoss = devLoss;
      this.best = { epoch, weights: snapshot() };
      this.epochsSinceBest = 0;
      return false;
    }
    this.epochsSinceBest += 1;
    return this.epochsSinceBest >= this.config.patience;
  }

  /** The best epoch (from 1) and its weights, or null before the first observation. */
  get bestEpoch(): { epoch: number; weights: WeightsDocument } | null {
    return this.best;
  }
}

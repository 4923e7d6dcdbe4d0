/**
 * When a training worker posts checkpoints: at the end of every checkpointEvery(epochs)-th epoch
 * and once at the end of the run. Only at epoch ends, so the hot loop never pays for a copy of
 * the weights.
 */
import { checkpointEvery } from '@shared/training/model-snapshot';

export class CheckpointSchedule {
  private readonly every: number;
  /** The step of the last checkpoint posted (0: none yet). */
  private postedAtStep = 0;
  /** The epoch the latest step belongs to (a run stopped mid-epoch ends inside it). */
  private currentEpoch = 0;

  constructor(epochs: number) {
    this.every = checkpointEvery(epochs);
  }

  noteStep(epoch: number): void {
    this.currentEpoch = epoch;
  }

  /** Whether the end of `epoch` (just reported) is a checkpoint. */
  dueAtEpochEnd(epoch: number): boolean {
    return epoch % this.every === 0;
  }

  posted(step: number): void {
    this.postedAtStep = step;
  }

  /**
   * The final checkpoint's epoch, or null when there is nothing new to keep: no step taken, or the
   * last epoch-end checkpoint already holds these weights. Early stopping put the best epoch's
   * weights back after that one, so its end is always kept.
   */
  finalEpoch(steps: number, restoredBestWeights: boolean): number | null {
    if (steps === 0) return null;
    if (this.postedAtStep === steps && !restoredBestWeights) return null;
    return this.currentEpoch;
  }
}

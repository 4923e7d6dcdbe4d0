/**
 * A search's total of optimizer steps, shared by its trials: a trial reserves the steps it wants
 * before it trains (getting all, what is left, or none) and gives back what it did not take when it
 * ends, so trials running at once can never together spend more than the total.
 */
export class StepBudget {
  private settled = 0;
  private outstanding = 0;

  /** null: no limit. */
  constructor(private readonly total: number | null) {
    if (total !== null && !(Number.isInteger(total) && total >= 0)) throw new Error(`A step budget is a whole number of steps, 0 or more, or none; got ${total}.`);
  }

  /** Steps a trial that wants `wanted` may take now (reserved until settle): all of them, what is left, or 0. */
  reserve(wanted: number): number {
    if (!(Number.isInteger(wanted) && wanted >= 0)) throw new Error(`A trial reserves a whole number of steps, 0 or more; got ${wanted}.`);
    const granted = this.total === null ? wanted : Math.min(wanted, Math.max(0, this.total - this.settled - this.outstanding));
    this.outstanding += granted;
    return granted;
  }

  /** A trial that reserved `reserved` ended having taken `taken` (≤ reserved): the rest returns to the pool. */
  settle(reserved: number, taken: number): void {
    if (!(Number.isInteger(taken) && taken >= 0 && taken <= reserved)) throw new Error(`A trial that reserved ${reserved} steps cannot settle having taken ${taken}.`);
    if (reserved > this.outstanding) throw new Error(`Settling ${reserved} steps, but only ${this.outstanding} are reserved.`);
    this.outstanding -= reserved;
    this.settled += taken;
  }

  /** Steps taken by the trials that have settled. */
  get spent(): number {
    return this.settled;
  }

  /** Steps still free to reserve (null: no limit). */
  get remaining(): number | null {
    return this.total === null ? null : this.total - this.settled - this.outstanding;
  }
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng';
import { StepBudget } from './budget';

describe('StepBudget', () => {
  it('grants all, what is left, then nothing; unused steps return on settle', () => {
    const budget = new StepBudget(100);
    expect(budget.reserve(40)).toBe(40);
    expect(budget.reserve(40)).toBe(40);
    expect(budget.reserve(40)).toBe(20);
    expect(budget.reserve(5)).toBe(0);
    expect(budget.remaining).toBe(0);
    budget.settle(40, 25); // stopped early: 15 come back
    expect(budget.spent).toBe(25);
    expect(budget.remaining).toBe(15);
    expect(budget.reserve(40)).toBe(15);
  });

  it('has no limit when the total is null', () => {
    const budget = new StepBudget(null);
    expect(budget.reserve(1e9)).toBe(1e9);
    budget.settle(1e9, 7);
    expect(budget.spent).toBe(7);
    expect(budget.remaining).toBeNull();
  });

  it('refuses settling more than was reserved', () => {
    const budget = new StepBudget(10);
    const granted = budget.reserve(5);
    expect(() => budget.settle(granted, 6)).toThrow(/reserved 5 steps cannot settle having taken 6/);
    expect(() => budget.settle(8, 8)).toThrow(/only 5 are reserved/);
    expect(() => budget.reserve(-1)).toThrow(/whole number/);
  });

  it('never lets trials running at once spend more than the total', () => {
    const rng = createRng(9);
    const total = 1000;
    const budget = new StepBudget(total);
    const open: number[] = [];
    for (let i = 0; i < 2000; i++) {
      if (open.length > 0 && rng.next() < 0.5) {
        const reserved = open.splice(rng.int(open.length), 1)[0]!;
        budget.settle(reserved, rng.int(reserved + 1));
      } else {
        open.push(budget.reserve(rng.int(120)));
      }
      const outstanding = open.reduce((s, r) => s + r, 0);
      expect(budget.spent + outstanding).toBeLessThanOrEqual(total);
      expect(budget.remaining).toBe(total - budget.spent - outstanding);
    }
    expect(budget.spent).toBeGreaterThan(0);
  });
});

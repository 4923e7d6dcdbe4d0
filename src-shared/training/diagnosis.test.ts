import { describe, expect, it } from 'vitest';
import { biasRemedies, diagnose, varianceRemedies } from './diagnosis';

describe("diagnose: the course's worked cases (target error ≈ 0)", () => {
  it('train 1 %, dev 11 %: high variance (gap 10 points), remedies for variance', () => {
    const d = diagnose({ trainError: 0.01, devError: 0.11 });
    expect(d.verdict).toBe('high-variance');
    expect(d.focus).toBe('variance');
    expect(d.variance).toBeCloseTo(0.1, 12);
    expect(d.remedies).toEqual(varianceRemedies);
    expect(d.remedies.join(' ')).toMatch(/more training data/i);
    expect(d.remedies.join(' ')).toMatch(/dropout/);
  });

  it('train 15 %, dev 16 %: high bias (15 points avoidable), variance 1 point is fine', () => {
    const d = diagnose({ trainError: 0.15, devError: 0.16 });
    expect(d.verdict).toBe('high-bias');
    expect(d.focus).toBe('bias');
    expect(d.remedies).toEqual(biasRemedies);
    expect(d.remedies.join(' ')).toMatch(/bigger network/);
    expect(d.summary).toMatch(/15\.0 points above the target/);
  });

  it('train 15 %, dev 30 %: both; bias 15 = variance 15, bias first', () => {
    const d = diagnose({ trainError: 0.15, devError: 0.3 });
    expect(d.verdict).toBe('high-bias-and-variance');
    expect(d.focus).toBe('bias');
    expect(d.remedies).toEqual([...biasRemedies, ...varianceRemedies]);
  });

  it('train 0.5 %, dev 1 %: fine, no remedies', () => {
    const d = diagnose({ trainError: 0.005, devError: 0.01 });
    expect(d.verdict).toBe('fine');
    expect(d.focus).toBeNull();
    expect(d.remedies).toEqual([]);
  });
});

describe('diagnose: the target (Bayes / human) error moves the reference', () => {
  it('human 7.5 %, train 8 %, dev 10 %: avoidable bias 0.5 points (fine), variance 2 points (high)', () => {
    const d = diagnose({ trainError: 0.08, devError: 0.1, targetError: 0.075 });
    expect(d.avoidableBias).toBeCloseTo(0.005, 12);
    // 0.10 − 0.08 is 0.019999… in floating point; it still counts as 2 points.
    expect(d.verdict).toBe('high-variance');
  });

  it('human 1 %, train 8 %, dev 10 %: avoidable bias 7 points and variance 2: both, focus on bias', () => {
    const d = diagnose({ trainError: 0.08, devError: 0.1, targetError: 0.01 });
    expect(d.verdict).toBe('high-bias-and-variance');
    expect(d.focus).toBe('bias');
  });

  it('train 15 %, dev 16 % with a 14.5 % Bayes error (noisy data): fine', () => {
    expect(diagnose({ trainError: 0.15, devError: 0.16, targetError: 0.145 }).verdict).toBe('fine');
  });

  it('train 2 %, dev 12 %, target 0: both, variance first since 10 > 2', () => {
    const d = diagnose({ trainError: 0.02, devError: 0.12 });
    expect(d.verdict).toBe('high-bias-and-variance');
    expect(d.focus).toBe('variance');
    expect(d.remedies.slice(0, varianceRemedies.length)).toEqual(varianceRemedies);
  });

  it('custom thresholds change the verdict', () => {
    expect(diagnose({ trainError: 0.03, devError: 0.04, biasThreshold: 0.05 }).verdict).toBe('fine');
    expect(diagnose({ trainError: 0.03, devError: 0.04, varianceThreshold: 0.005 }).verdict).toBe('high-bias-and-variance');
  });
});

describe('diagnose: edges', () => {
  it('without a dev set only bias is judged', () => {
    const d = diagnose({ trainError: 0.2, devError: null });
    expect(d.verdict).toBe('high-bias');
    expect(d.variance).toBeNull();
    expect(d.summary).toMatch(/no dev set/);
    expect(diagnose({ trainError: 0, devError: null }).verdict).toBe('fine');
  });

  it('a dev error below the training error is not variance, and is worded as below', () => {
    const d = diagnose({ trainError: 0.01, devError: 0.0 });
    expect(d.verdict).toBe('fine');
    expect(d.summary).toMatch(/dev error is 1\.0 points below the training error/);
  });

  it("on losses (linear outputs) it says 'loss' and prints raw values", () => {
    const d = diagnose({ trainError: 0.5, devError: 0.9, basis: 'loss' });
    expect(d.verdict).toBe('high-bias-and-variance');
    expect(d.summary).toMatch(/dev loss is 0\.400 above the training loss/);
  });

  it('refuses negative or non-finite errors', () => {
    expect(() => diagnose({ trainError: -0.1, devError: 0 })).toThrow();
    expect(() => diagnose({ trainError: Number.NaN, devError: 0 })).toThrow();
  });
});

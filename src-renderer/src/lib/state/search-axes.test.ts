import { describe, expect, it } from 'vitest';
import { axisFor, coordinateAtDrawn, decadeLabel, describeRange, drawnFraction, formatParam, linearTicks, oneMinusLabel, valueFraction } from './search-axes';

describe('search axes', () => {
  it('labels a log axis by its decades', () => {
    const axis = axisFor({ kind: 'log', min: 1e-4, max: 1e-1 });
    expect(axis.ticks.map((t) => t.label)).toEqual(['1e-4', '1e-3', '1e-2', '1e-1']);
    expect(valueFraction(axis, 1e-4)).toBeCloseTo(0);
    expect(valueFraction(axis, 1e-1)).toBeCloseTo(1);
    // 1e-3 is a third of the way along: the axis is even in decades, not in value.
    expect(valueFraction(axis, 1e-3)).toBeCloseTo(1 / 3);
  });

  it('labels a 1 − β axis 0.9, 0.99, 0.999 with β growing to the right', () => {
    const axis = axisFor({ kind: 'log1m', min: 0.9, max: 0.999 });
    expect(axis.reversed).toBe(true);
    const byPlace = [...axis.ticks].sort((a, b) => drawnFraction(axis, a.at) - drawnFraction(axis, b.at));
    expect(byPlace.map((t) => t.label)).toEqual(['0.9', '0.99', '0.999']);
    expect(valueFraction(axis, 0.9)).toBeCloseTo(0);
    expect(valueFraction(axis, 0.99)).toBeCloseTo(0.5);
    expect(valueFraction(axis, 0.999)).toBeCloseTo(1);
  });

  it('spreads choices over slots and reads a place back as a coordinate', () => {
    const axis = axisFor({ kind: 'choice', values: ['gd', 'momentum', 'adam'] });
    expect(axis.ticks.map((t) => t.label)).toEqual(['gd', 'momentum', 'adam']);
    expect(valueFraction(axis, 'gd')).toBeCloseTo(1 / 6);
    expect(valueFraction(axis, 'rmsprop')).toBeNull();
    expect(coordinateAtDrawn(axis, 5 / 6)).toBeCloseTo(2);
    const lr = axisFor({ kind: 'log', min: 1e-4, max: 1 });
    expect(coordinateAtDrawn(lr, 0.5)).toBeCloseTo(-2);
  });

  it('ticks linear and integer axes at tidy steps', () => {
    expect(linearTicks(0, 1).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(axisFor({ kind: 'int', min: 4, max: 64 }).ticks.every((t) => Number.isInteger(t.at))).toBe(true);
    expect(axisFor({ kind: 'int', min: 4, max: 256, log: true }).ticks.map((t) => t.label)).toEqual(['4', '8', '16', '32', '64', '128', '256']);
    expect(axisFor({ kind: 'int', min: 1, max: 10000, log: true }).ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1000', '10000']);
  });

  it('writes decades, β and values the way people read them', () => {
    expect([decadeLabel(-4), decadeLabel(0), decadeLabel(2)]).toEqual(['1e-4', '1', '100']);
    expect([oneMinusLabel(-1), oneMinusLabel(-3)]).toEqual(['0.9', '0.999']);
    expect([formatParam(0.00321), formatParam(0.9876), formatParam(64), formatParam('adam'), formatParam(undefined)]).toEqual(['3.2e-3', '0.9876', '64', 'adam', '—']);
  });
});

describe('describeRange', () => {
  it('writes a scale’s range short', () => {
    expect(describeRange({ kind: 'log', min: 0.00251189, max: 0.0301995 })).toBe('2.5e-3 … 0.0302 (log)');
    expect(describeRange({ kind: 'log1m', min: 0.9, max: 0.999 })).toBe('0.9 … 0.999 (log of 1 − β)');
    expect(describeRange({ kind: 'int', min: 4, max: 64, log: true })).toBe('4 … 64 (log)');
    expect(describeRange({ kind: 'choice', values: ['gd', 'adam'] })).toBe('gd, adam');
  });
});

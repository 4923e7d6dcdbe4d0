import { describe, expect, it } from 'vitest';
import type { ParamScale } from '../api/search-space';
import { expectClose } from '../engine/testing/tolerance';
import { describeScale, parseParamFlag, scaleCoordinate, scaleExtent, spaceProblems, valueAt } from './space';

describe('parseParamFlag', () => {
  it('reads every example of the issue’s command line', () => {
    expect(parseParamFlag('lr=log:1e-4:1e-1')).toEqual({ ok: true, name: 'learningRate', scale: { kind: 'log', min: 1e-4, max: 1e-1 } });
    expect(parseParamFlag('beta=log1m:0.9:0.999')).toEqual({ ok: true, name: 'beta', scale: { kind: 'log1m', min: 0.9, max: 0.999 } });
    expect(parseParamFlag('units=int:4:64')).toEqual({ ok: true, name: 'hiddenUnits', scale: { kind: 'int', min: 4, max: 64 } });
    expect(parseParamFlag('optimizer=choice:gd,momentum,adam')).toEqual({ ok: true, name: 'optimizer', scale: { kind: 'choice', values: ['gd', 'momentum', 'adam'] } });
  });

  it('reads int-log, linear, boolean and numeric choices, and full names', () => {
    expect(parseParamFlag('units=int-log:4:256')).toEqual({ ok: true, name: 'hiddenUnits', scale: { kind: 'int', min: 4, max: 256, log: true } });
    expect(parseParamFlag('decay=linear:0:1')).toEqual({ ok: true, name: 'decayRate', scale: { kind: 'linear', min: 0, max: 1 } });
    expect(parseParamFlag('batchnorm=choice:true,false')).toEqual({ ok: true, name: 'batchNorm', scale: { kind: 'choice', values: [true, false] } });
    expect(parseParamFlag('batch=choice:32,64,128')).toEqual({ ok: true, name: 'batchSize', scale: { kind: 'choice', values: [32, 64, 128] } });
    expect(parseParamFlag('learningRate=log:0.001:0.1')).toMatchObject({ ok: true, name: 'learningRate' });
  });

  it('explains what is wrong with a bad flag', () => {
    const message = (text: string) => {
      const parsed = parseParamFlag(text);
      if (parsed.ok) throw new Error(`${text} was accepted`);
      return parsed.message;
    };
    expect(message('lr')).toMatch(/NAME=SCALE/);
    expect(message('alpha=log:1e-4:1e-1')).toMatch(/'alpha' is not a hyperparameter; use one of lr, beta/);
    expect(message('lr=cubic:1:2')).toMatch(/'cubic' is not a scale/);
    expect(message('lr=log:1e-4')).toMatch(/takes a minimum and a maximum, e\.g\. lr=log:1e-4:1e-1/);
    expect(message('lr=log:a:b')).toMatch(/not two numbers/);
    expect(message('lr=log:0:1e-1')).toMatch(/above 0/);
    expect(message('lr=log:1e-1:1e-4')).toMatch(/minimum 0\.1 is above the maximum 1e-4/);
    expect(message('beta=log1m:0.9:1')).toMatch(/up to \(not including\) 1/);
    expect(message('optimizer=choice:gd,lbfgs')).toMatch(/lbfgs is not one of gd, momentum, rmsprop, adam/);
    expect(message('optimizer=choice:gd,,adam')).toMatch(/separated by commas/);
    expect(message('optimizer=log:1:2')).toMatch(/a log scale does not suit it; use choice/);
    expect(message('units=int:0:5000')).toMatch(/0 and 5000 is outside what the engine accepts \(a whole number from 1 to 4096\)/);
    expect(message('units=int:2.5:8')).toMatch(/whole numbers/);
  });
});

describe('spaceProblems', () => {
  const problems = (space: Record<string, ParamScale>) => spaceProblems(space);

  it('accepts a sound space', () => {
    expect(problems({ learningRate: { kind: 'log', min: 1e-4, max: 1e-1 }, beta: { kind: 'log1m', min: 0.9, max: 0.999 }, optimizer: { kind: 'choice', values: ['adam'] } })).toEqual([]);
  });

  it('names the hyperparameter and what is wrong', () => {
    expect(problems({})).toEqual(['A search varies at least one hyperparameter; add one to the space.']);
    expect(problems({ learningRate: { kind: 'linear', min: 0.5, max: 0.1 } })).toEqual(['Learning rate α (lr): the minimum 0.5 is above the maximum 0.1.']);
    expect(problems({ l2: { kind: 'log', min: 0, max: 1 } })[0]).toMatch(/^L2 λ \(l2\): a log scale needs a minimum and maximum above 0/);
    expect(problems({ beta: { kind: 'log1m', min: 0.9, max: 1 } })[0]).toMatch(/^Momentum β \(beta\): .*not including\) 1/);
    expect(problems({ beta: { kind: 'linear', min: 0.5, max: 1 } })[0]).toMatch(/1 is outside what the engine accepts \(a number from 0 up to \(not including\) 1\)/);
    expect(problems({ activation: { kind: 'choice', values: ['relu', 'swish'] } })).toEqual(['Hidden activation (activation): swish is not one of relu, leaky-relu, tanh, sigmoid, linear.']);
    expect(problems({ learningRate: { kind: 'log', min: 1e-3, max: 1000 } })[0]).toMatch(/1000 is outside what the engine accepts/);
    expect(problems({ keepProb: { kind: 'linear', min: 0, max: 1 } })[0]).toMatch(/0 is outside what the engine accepts \(a number in \(0, 1\]\)/);
    expect(problems({ batchSize: { kind: 'choice', values: [32, 'full'] } })[0]).toMatch(/full is not a number/);
    expect(problems({ hiddenUnits: { kind: 'int', min: 0, max: 8, log: true } })[0]).toMatch(/int-log scale starts at 1/);
    expect(problems({ alpha: { kind: 'log', min: 1, max: 2 } })[0]).toMatch(/'alpha' is not a hyperparameter/);
  });
});

describe('a scale’s own axis', () => {
  const scales: ParamScale[] = [
    { kind: 'log', min: 1e-4, max: 1e-1 },
    { kind: 'log1m', min: 0.9, max: 0.999 },
    { kind: 'linear', min: 0, max: 2 },
    { kind: 'int', min: 4, max: 64 },
    { kind: 'int', min: 4, max: 256, log: true },
  ];

  it('puts values at log10 v, log10(1 − v), v', () => {
    expectClose(scaleCoordinate(scales[0]!, 1e-2), -2);
    expectClose(scaleCoordinate(scales[1]!, 0.99), -2, { atol: 1e-12 });
    expectClose(scaleCoordinate(scales[2]!, 1.5), 1.5);
    expectClose(scaleCoordinate(scales[4]!, 16), Math.log10(16));
    expect(scaleExtent(scales[1]!).map((c) => Number(c.toFixed(9)))).toEqual([-3, -1]);
    expect(scaleCoordinate({ kind: 'choice', values: ['gd', 'adam'] }, 'adam')).toBe(1);
    expect(scaleCoordinate({ kind: 'choice', values: ['gd', 'adam'] }, 'rmsprop')).toBeNaN();
  });

  it('maps coordinates back inside the scale', () => {
    for (const scale of scales) {
      const [lo, hi] = scaleExtent(scale);
      for (const c of [lo, (lo + hi) / 2, hi]) {
        const value = valueAt(scale, c) as number;
        expect(value, JSON.stringify(scale)).toBeGreaterThanOrEqual((scale as { min: number }).min);
        expect(value).toBeLessThanOrEqual((scale as { max: number }).max);
      }
    }
    expectClose(valueAt(scales[0]!, -2) as number, 0.01);
    expect(valueAt(scales[3]!, 10.4)).toBe(10);
    expect(valueAt({ kind: 'choice', values: ['gd', 'momentum', 'adam'] }, 1.6)).toBe('adam');
  });

  it('describes itself in words', () => {
    expect(describeScale(scales[0]!)).toBe('1e-4 … 0.1 (log)');
    expect(describeScale(scales[1]!)).toBe('0.9 … 0.999 (log of 1 − β)');
    expect(describeScale(scales[4]!)).toBe('4 … 256 (whole numbers, log)');
    expect(describeScale({ kind: 'choice', values: [true, false] })).toBe('true, false');
  });
});

/** The sweep's option readers: --param into a space, the plan from flags over a file over the defaults. */
import { describe, expect, it } from 'vitest';
import { planFrom, spaceFromParams } from './search-options';

describe('spaceFromParams', () => {
  it('reads the issue’s examples', () => {
    expect(spaceFromParams(['lr=log:1e-4:1e-1', 'beta=log1m:0.9:0.999', 'units=int:4:64', 'optimizer=choice:gd,momentum,adam'])).toEqual({
      learningRate: { kind: 'log', min: 1e-4, max: 1e-1 },
      beta: { kind: 'log1m', min: 0.9, max: 0.999 },
      hiddenUnits: { kind: 'int', min: 4, max: 64 },
      optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] },
    });
  });

  it('names the --param that is wrong, and one given twice', () => {
    expect(() => spaceFromParams(['lr=log:1e-4'])).toThrow(/^--param lr=log:1e-4: /);
    expect(() => spaceFromParams(['lr=log:1e-4:1e-1', 'lr=log:1e-3:1e-2'])).toThrow('--param lr=log:1e-3:1e-2: learningRate is already given by another --param');
  });
});

describe('planFrom', () => {
  it('flags over the file’s plan over the defaults', () => {
    expect(planFrom({ trials: 20, epochs: 7, strategy: 'grid' }, { trials: 5, parallel: undefined, halving: {} })).toEqual({
      strategy: 'grid',
      trials: 5,
      parallel: 2,
      seed: 1,
      epochs: 7,
      halving: { eta: 3, minEpochs: 1 },
      budgetSteps: null,
    });
    expect(planFrom(undefined, {})).toMatchObject({ strategy: 'random', trials: 8, epochs: 100 });
  });

  it('names the flag (or the file’s field) that is out of range', () => {
    expect(() => planFrom({ trials: 0 }, {})).toThrow(/^--trials: /);
    expect(() => planFrom({ colour: 'red' }, {})).toThrow(/^the plan: .*colour/);
  });
});

import { describe, expect, it } from 'vitest';
import { searchableNames } from '../api/search-space';
import { byPriority, hyperparameters, nameForFlag } from './hyperparameters';
import { spaceProblems } from './space';

describe('hyperparameters', () => {
  it('order by the course’s priority: α first, then β, units, batch; layers and decay; Adam’s β1, β2, ε last', () => {
    const order = byPriority();
    expect(order[0]).toBe('learningRate');
    expect(order.slice(1, 4)).toEqual(['beta', 'hiddenUnits', 'batchSize']);
    const priority = (name: (typeof searchableNames)[number]) => hyperparameters[name].priority;
    expect([priority('hiddenLayers'), priority('decayRate')]).toEqual([3, 3]);
    expect([priority('beta1'), priority('beta2'), priority('epsilon')]).toEqual([4, 4, 4]);
    expect(order.indexOf('beta1')).toBeGreaterThan(order.indexOf('decayRate'));
    expect(new Set(order)).toEqual(new Set(searchableNames));
  });

  it('propose a default scale of an allowed kind that passes validation, for every name', () => {
    for (const name of searchableNames) {
      const described = hyperparameters[name];
      expect(described.scales, name).toContain(described.defaultScale.kind);
      expect(spaceProblems({ [name]: described.defaultScale }), name).toEqual([]);
    }
  });

  it('have one command-line flag each, found by flag or by name', () => {
    const flags = searchableNames.map((name) => hyperparameters[name].flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const name of searchableNames) {
      expect(nameForFlag(hyperparameters[name].flag)).toBe(name);
      expect(nameForFlag(name)).toBe(name);
    }
    expect(nameForFlag('alpha')).toBeNull();
  });
});

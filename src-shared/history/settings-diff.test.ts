import { describe, expect, it } from 'vitest';
import { RunSettings } from '../api/training-settings';
import { flattenSettings, formatNumber, settingDifferences } from './settings-diff';

const base = RunSettings.parse({
  data: { kind: 'moons', samples: 200, noise: 0.1 },
  settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, learningRate: 0.01, batchSize: 32, epochs: 10 },
  seeds: { data: 1, model: 2 },
});

describe('formatNumber', () => {
  it('keeps whole numbers exact and fractions short', () => {
    expect(formatNumber(4294967295)).toBe('4294967295');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e-8)).toBe('1e-8');
    expect(formatNumber(0.0011)).toBe('0.0011');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(-2.5)).toBe('-2.5');
  });
});

describe('flattenSettings', () => {
  it('names every leaf by its dotted path, arrays as one value', () => {
    const flat = flattenSettings({ a: { b: 1, c: [0.8, 0.1, 0.1] }, d: 'x', e: null, f: true, g: {} });
    expect([...flat]).toEqual([['a.b', '1'], ['a.c', '[0.8, 0.1, 0.1]'], ['d', 'x'], ['e', 'none'], ['f', 'yes'], ['g', '{}']]);
  });
});

describe('settingDifferences', () => {
  it('lists only the settings that differ, with each run’s value in order', () => {
    const momentum = RunSettings.parse({ ...base, settings: { ...base.settings, optimizer: { kind: 'momentum', beta: 0.9 }, learningRate: 0.05 }, seeds: { data: 1, model: 3 } });
    const differences = settingDifferences([
      { design: { name: 'Net', version: 1 }, ...base },
      { design: { name: 'Net', version: 2 }, ...momentum },
    ]);
    expect(differences).toEqual([
      { setting: 'design.version', values: ['1', '2'] },
      { setting: 'settings.optimizer.kind', values: ['adam', 'momentum'] },
      { setting: 'settings.optimizer.beta1', values: ['0.9', '—'] },
      { setting: 'settings.optimizer.beta2', values: ['0.999', '—'] },
      { setting: 'settings.optimizer.epsilon', values: ['1e-8', '—'] },
      { setting: 'settings.learningRate', values: ['0.01', '0.05'] },
      { setting: 'seeds.model', values: ['2', '3'] },
      { setting: 'settings.optimizer.beta', values: ['—', '0.9'] },
    ]);
  });

  it('is empty for identical runs, and marks a value only some runs have as missing in the others', () => {
    expect(settingDifferences([base, base, structuredClone(base)])).toEqual([]);
    const withDesign = { design: { name: 'Net', version: 1 }, ...base };
    expect(settingDifferences([base, withDesign, { ...base, data: { kind: 'iris' } }])).toEqual([
      { setting: 'data.kind', values: ['moons', 'moons', 'iris'] },
      { setting: 'data.samples', values: ['200', '200', '—'] },
      { setting: 'data.noise', values: ['0.1', '0.1', '—'] },
      { setting: 'design.name', values: ['—', 'Net', '—'] },
      { setting: 'design.version', values: ['—', '1', '—'] },
    ]);
  });
});

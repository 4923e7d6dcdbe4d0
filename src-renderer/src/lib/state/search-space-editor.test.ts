import { describe, expect, it } from 'vitest';
import { SearchPlan } from '@shared/api';
import { hyperparameters } from '@shared/search/api';
import { fakeDesign, fakeSearchSettings } from './search-fake-host';
import { parseChoices, previewCount, SpaceEditorState } from './search-space-editor.svelte';

describe('SpaceEditorState', () => {
  it('lists hyperparameters by the course priority, learning rate first and on, and makes a start request from the defaults', () => {
    const editor = new SpaceEditorState();
    expect(editor.order[0]).toBe('learningRate');
    const priorities = editor.order.map((name) => hyperparameters[name].priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(Object.keys(editor.space)).toEqual(['learningRate']);
    expect(editor.canStart).toBe(true);
    const request = editor.request(fakeDesign, fakeSearchSettings);
    expect(request?.space).toEqual({ learningRate: hyperparameters.learningRate.defaultScale });
    expect(request?.plan).toEqual(SearchPlan.parse({ trials: 12, parallel: 2, seed: 1, epochs: 10 }));
    expect(request).not.toHaveProperty('parentId');
  });

  it('previews ~40 draws of each enabled hyperparameter inside its bounds, on the seed of the plan', () => {
    const editor = new SpaceEditorState();
    editor.setBound('learningRate', 'min', '0.0001');
    editor.setBound('learningRate', 'max', '0.1');
    const draws = editor.previews.learningRate as number[];
    expect(draws).toHaveLength(previewCount);
    for (const v of draws) expect(v >= 1e-4 && v <= 0.1).toBe(true);
    editor.setPlan('seed', '2');
    expect(editor.previews.learningRate).not.toEqual(draws);
  });

  it('keeps a half-typed bound, says what is wrong with it, and refuses to start', () => {
    const editor = new SpaceEditorState();
    editor.setBound('learningRate', 'max', '1e-');
    expect(editor.params.learningRate.max).toBe('1e-');
    expect(editor.rowProblems.learningRate).toMatch(/maximum “1e-” is not a number/);
    expect(editor.canStart).toBe(false);
    expect(editor.request(fakeDesign, fakeSearchSettings)).toBeNull();
    expect(editor.previews.learningRate).toBeUndefined();
  });

  it('passes on the search module’s problems with a space, naming the row', () => {
    const editor = new SpaceEditorState();
    editor.setBound('learningRate', 'min', '0.5');
    editor.setBound('learningRate', 'max', '0.001');
    expect(editor.rowProblems.learningRate ?? editor.spaceProblems.join(' ')).not.toBe('');
    expect(editor.canStart).toBe(false);
  });

  it('needs one hyperparameter at least', () => {
    const editor = new SpaceEditorState();
    editor.toggle('learningRate', false);
    expect(editor.spaceProblems).toEqual(['Switch on at least one hyperparameter to search.']);
    expect(editor.canStart).toBe(false);
  });

  it('picks the values of a choice and checks the plan field by field', () => {
    const editor = new SpaceEditorState();
    editor.toggle('optimizer', true);
    const proposed = hyperparameters.optimizer.defaultScale;
    if (proposed.kind !== 'choice') throw new Error('the optimizer is a choice');
    editor.pick('optimizer', proposed.values[0]!, false);
    expect(editor.space.optimizer).toEqual({ kind: 'choice', values: proposed.values.slice(1) });
    editor.setPlan('trials', '0');
    editor.setPlan('budgetSteps', '2.5');
    expect(editor.planProblems).toEqual({ trials: 'Trials must be between 1 and 1,000', budgetSteps: 'Budget must be a whole number' });
    expect(editor.canStart).toBe(false);
    editor.setPlan('trials', '8');
    editor.setPlan('budgetSteps', '5000');
    editor.setPlan('halving', true);
    editor.setPlan('eta', '2');
    expect(editor.planValue).toMatchObject({ trials: 8, budgetSteps: 5000, halving: { eta: 2, minEpochs: 1 } });
  });

  it('loads a child search: only its space switched on, the parent’s plan with the next seed, the parent named', () => {
    const editor = new SpaceEditorState();
    const plan = SearchPlan.parse({ trials: 6, epochs: 5, seed: 4 });
    editor.loadChild('search-1', 'Coarse', { learningRate: { kind: 'log', min: 0.001, max: 0.01 }, beta: { kind: 'log1m', min: 0.9, max: 0.99 } }, plan);
    expect(editor.space).toEqual({ learningRate: { kind: 'log', min: 0.001, max: 0.01 }, beta: { kind: 'log1m', min: 0.9, max: 0.99 } });
    const request = editor.request(fakeDesign, fakeSearchSettings);
    expect(request).toMatchObject({ parentId: 'search-1', name: 'Coarse · fine', plan: { seed: 5, trials: 6, epochs: 5 } });
  });

  it('reads typed choices as numbers, booleans or words', () => {
    expect(parseChoices(' 8, 16 ,32,')).toEqual([8, 16, 32]);
    expect(parseChoices('true, false')).toEqual([true, false]);
    expect(parseChoices('relu, tanh')).toEqual(['relu', 'tanh']);
  });
});

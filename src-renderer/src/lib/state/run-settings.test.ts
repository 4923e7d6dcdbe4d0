import { describe, expect, it } from 'vitest';
import { maxCsvTextChars, RunSettings } from '@shared/api';
import { instantiateTemplate } from '@shared/graph';
import { EditorState } from './editor.svelte';
import { csvPreview, fixInput, RunSettingsState } from './run-settings.svelte';

const flowersCsv = 'petal,sepal,kind\n1.4,5.1,setosa\n4.7,7.0,versicolor\n1.3,4.9,setosa\n4.5,6.4,versicolor\n';

describe('RunSettingsState', () => {
  it('starts with settings the contract accepts (moons, its default samples and noise)', () => {
    const form = new RunSettingsState();
    expect(form.errors).toEqual({});
    expect(form.settings).not.toBeNull();
    expect(RunSettings.safeParse(form.settings).success).toBe(true);
    expect(form.settings?.data).toEqual({ kind: 'moons', samples: 1000, noise: 0.1 });
  });

  it('checks each value as typed with the reason, and sends nothing while one is wrong', () => {
    const form = new RunSettingsState();
    form.set('learningRate', '0');
    expect(form.errors.learningRate).toBe('must be greater than 0');
    expect(form.settings).toBeNull();
    form.set('learningRate', 'fast');
    expect(form.errors.learningRate).toBe('“fast” is not a number');
    form.set('learningRate', '0,05'); // a decimal comma reads as a point
    expect(form.errors.learningRate).toBeUndefined();
    expect(form.settings?.settings.learningRate).toBe(0.05);
    form.set('epochs', '2.5');
    expect(form.errors.epochs).toBe('must be a whole number');
    form.set('epochs', '3');
    form.set('samples', '2'); // moons needs at least 4
    expect(form.errors.samples).toBe('must be at least 4');
  });

  it('asks for fractions that add up to 1', () => {
    const form = new RunSettingsState();
    form.set('dev', '0.3');
    expect(form.errors.test).toBe('the train, dev and test fractions must add up to 1');
    form.set('train', '0.6');
    expect(form.errors.test).toBeUndefined();
    expect(form.settings?.split).toEqual({ train: 0.6, dev: 0.3, test: 0.1 });
  });

  it('shows the fields of the chosen optimizer only, momentum β early and Adam’s β1, β2, ε late', () => {
    const form = new RunSettingsState();
    expect(form.hyperparameters).toEqual({ early: [], late: [] });
    form.optimizer = 'momentum';
    expect(form.hyperparameters).toEqual({ early: ['beta'], late: [] });
    form.optimizer = 'adam';
    expect(form.hyperparameters).toEqual({ early: [], late: ['beta1', 'beta2', 'epsilon'] });
    form.set('beta2', '1'); // β must stay below 1
    expect(form.errors.beta2).toBe('beta2 must be below 1');
    form.set('beta2', '0.99');
    expect(form.settings?.settings.optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
  });

  it('builds decay and initializer configs from their own fields', () => {
    const form = new RunSettingsState();
    form.schedule = 'step';
    expect(form.scheduleFields).toEqual(['decayRate', 'interval']);
    form.set('decayRate', '0.5');
    form.set('interval', '20');
    form.initializer = 'random';
    expect(form.initializerFields).toEqual(['scale']);
    form.set('scale', '10');
    form.fullBatch = true;
    expect(form.settings?.settings).toMatchObject({ schedule: { kind: 'step', decayRate: 0.5, interval: 20 }, initializer: { kind: 'random', scale: 10 }, batchSize: 'full' });
  });

  it('reads a CSV: preview, features, label column, and the text it sends', () => {
    const form = new RunSettingsState();
    expect(form.loadCsv('flowers.csv', flowersCsv)).toBe(true);
    expect(form.csv?.columns).toEqual(['petal', 'sepal', 'kind']);
    expect(form.csv?.preview[1]).toEqual(['1.4', '5.1', 'setosa']);
    expect(form.features).toBe(2);
    expect(form.settings?.data).toEqual({ kind: 'csv-text', name: 'flowers.csv', text: flowersCsv });
    form.chooseLabel('sepal'); // then "kind" is a feature column, and it is not numeric
    expect(form.csv?.problem).toMatch(/^CSV: row 2, column "kind"/);
    expect(form.settings).toBeNull();
    form.chooseLabel('kind');
    expect(form.settings?.data).toMatchObject({ kind: 'csv-text', label: 'kind' });
  });

  it('names the row and column of a bad cell, and refuses a file too long to send', () => {
    const form = new RunSettingsState();
    form.loadCsv('bad.csv', 'a,b,label\n1,2,x\n3,oops,y\n');
    expect(form.csv?.problem).toContain('row 3');
    expect(form.dataProblem).toBe(form.csv?.problem);
    expect(form.loadCsv('huge.csv', 'a'.repeat(maxCsvTextChars + 1))).toBe(false);
    expect(form.dataProblem).toContain('at most 5,000,000');
    expect(form.settings).toBeNull();
  });

  it('previews only the first rows', () => {
    const text = ['x,y', ...Array.from({ length: 100 }, (_, i) => `${i},${i}`)].join('\n');
    expect(csvPreview(text, 3)).toEqual([['x', 'y'], ['0', '0'], ['1', '1']]);
  });

  it('gives the adjustable fields as an adjustment', () => {
    const form = new RunSettingsState();
    form.optimizer = 'momentum';
    form.set('learningRate', '0.01');
    expect(form.adjustment()).toEqual({ learningRate: 0.01, l2: 0, batchSize: 64, beta: 0.9, schedule: { kind: 'constant' } });
    form.schedule = 'exponential';
    form.set('decayRate', '0.9');
    expect(form.adjustment()?.schedule).toEqual({ kind: 'exponential', decayRate: 0.9 });
    form.set('l2', '-1');
    expect(form.adjustment()).toBeNull();
  });

  it('offers the design’s dropout keep probability as a change while it trains, checked like every field', () => {
    const form = new RunSettingsState();
    expect(form.adjustment()).not.toHaveProperty('keepProb');
    form.offerKeepProb(0.8);
    expect(form.drafts.keepProb).toBe('0.8');
    expect(form.adjustment()?.keepProb).toBe(0.8);
    form.set('keepProb', '1.5');
    expect(form.errors.keepProb).toBeTruthy();
    expect(form.adjustment()).toBeNull();
    form.offerKeepProb(null);
    expect(form.errors.keepProb).toBeUndefined();
    expect(form.adjustment()).not.toHaveProperty('keepProb');
  });

  it('loads a run’s settings back into the form', () => {
    const source = new RunSettingsState();
    source.chooseDataset('spiral');
    source.optimizer = 'adam';
    source.set('learningRate', '0.003');
    source.set('epochs', '7');
    const form = new RunSettingsState();
    form.load(source.settings!);
    expect(form.settings).toEqual(source.settings);
  });
});

describe('the Input size check', () => {
  it('finds a mismatch and fixes it in one undo step', () => {
    const editor = new EditorState();
    editor.loadTemplate('three-layer'); // Input of 2 features
    const form = new RunSettingsState();
    expect(form.inputMismatch(editor.doc)).toBeNull(); // moons has 2
    form.chooseDataset('mnist');
    const mismatch = form.inputMismatch(editor.doc);
    expect(mismatch).toMatchObject({ designSize: 2, features: 784, blocking: false });
    expect(fixInput(editor, mismatch!)).toBe(true);
    expect(form.inputMismatch(editor.doc)).toBeNull();
    editor.undo();
    expect(form.inputMismatch(editor.doc)?.designSize).toBe(2);
  });

  it('says a fixed Input size blocks training', () => {
    const doc = instantiateTemplate('three-layer')!;
    const input = doc.nodes.find((n) => n.kind === 'input')!;
    const fixed = { ...doc, nodes: doc.nodes.map((n) => (n === input ? { ...n, params: { ...n.params, source: 'fixed' } } : n)) };
    const form = new RunSettingsState();
    form.chooseDataset('iris');
    expect(form.inputMismatch(fixed)).toMatchObject({ blocking: true, message: "The design's Input is fixed at 2 features, but iris has 4." });
  });
});

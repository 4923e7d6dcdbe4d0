// Each remedy applied to the course's template designs: a valid design and valid settings with the
// expected change, the inputs untouched, labels taken from the diagnosis's own remedy texts.
import { describe, expect, it } from 'vitest';
import { RunSettings, type RunSettingsInput } from '../api/training-settings';
import { compileGraph } from '../graph/compile';
import { GraphDoc } from '../graph/doc';
import { designTemplates, instantiateTemplate } from '../graph/templates';
import { diagnose, remedyTexts, type DiagnosisVerdict } from './diagnosis';
import { remediesFor, type Remedy } from './remedies';

function settings(overrides: Partial<RunSettingsInput['settings']> = {}, rest: Partial<RunSettingsInput> = {}): RunSettings {
  return RunSettings.parse({
    data: { kind: 'moons', samples: 1000, noise: 0.1 },
    settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 0.1, batchSize: 32, epochs: 20, ...overrides },
    seeds: { data: 1, model: 2 },
    ...rest,
  });
}

function design(id: string): GraphDoc {
  return instantiateTemplate(id)!;
}

/** A verdict's remedies, focus on the gap the verdict names first. */
function remedies(verdict: DiagnosisVerdict, doc: GraphDoc, s: RunSettings): Remedy[] {
  return remediesFor({ verdict, focus: verdict === 'high-variance' ? 'variance' : verdict === 'fine' ? null : 'bias' }, doc, s);
}

function byAction(list: Remedy[], pattern: RegExp): Remedy {
  const found = list.find((r) => pattern.test(r.action));
  if (!found) throw new Error(`no remedy matches ${pattern}: ${list.map((r) => r.action).join(' | ')}`);
  return found;
}

/** Applies a remedy and checks what every application must keep: valid output, untouched input. */
function applied(r: Remedy, doc: GraphDoc, s: RunSettings): { design: GraphDoc; settings: RunSettings } {
  const before = JSON.stringify({ doc, s });
  const out = r.apply!(doc, s);
  expect(JSON.stringify({ doc, s })).toBe(before);
  expect(out.design).not.toBe(doc);
  expect(out.settings).not.toBe(s);
  expect(GraphDoc.safeParse(out.design).success).toBe(true);
  expect(compileGraph(out.design).ok).toBe(true);
  expect(RunSettings.parse(out.settings)).toEqual(out.settings);
  return out;
}

const unitsOf = (doc: GraphDoc) => doc.nodes.filter((n) => n.kind === 'dense').map((n) => n.params.units);
const keepProbsOf = (doc: GraphDoc) => doc.nodes.filter((n) => n.kind === 'dropout').map((n) => n.params.keepProb);

describe('remediesFor', () => {
  it('gives none for a fine fit, and labels every remedy with a text the diagnosis itself lists', () => {
    expect(remedies('fine', design('three-layer'), settings())).toEqual([]);
    const both = diagnose({ trainError: 0.15, devError: 0.3 });
    for (const r of remediesFor(both, design('batchnorm-dropout'), settings({ l2: 0.1 }))) {
      expect(r.label).toBe(remedyTexts[r.key]);
      expect(both.remedies).toContain(r.label);
    }
  });

  it('puts the focus first when both are high', () => {
    const doc = design('three-layer');
    expect(remediesFor({ verdict: 'high-bias-and-variance', focus: 'variance' }, doc, settings())[0]!.key).toBe('moreData');
    expect(remediesFor({ verdict: 'high-bias-and-variance', focus: 'bias' }, doc, settings())[0]!.key).toBe('biggerNetwork');
  });

  it('every remedy that applies gives a valid design and settings on every template, leaving the inputs untouched', () => {
    for (const template of designTemplates) {
      const doc = design(template.id);
      for (const s of [settings(), settings({ l2: 0.5, optimizer: { kind: 'adam' } })]) {
        for (const r of remedies('high-bias-and-variance', doc, s)) if (r.apply) applied(r, doc, s);
      }
    }
  });
});

describe('high-bias remedies (three-layer: 2 → 10 → 5 → 1)', () => {
  const doc = design('three-layer');
  const s = settings();
  const list = remedies('high-bias', doc, s);

  it('a bigger network doubles every hidden Dense layer, not the output layer', () => {
    const r = byAction(list, /Double the units/);
    expect(r.action).toBe('Double the units of each hidden Dense layer (10 → 20, 5 → 10).');
    expect(unitsOf(applied(r, doc, s).design)).toEqual([20, 10, 1]);
  });

  it('trains twice as long, switches to Adam, raises the learning rate ×3', () => {
    expect(applied(byAction(list, /epochs/), doc, s).settings.settings.epochs).toBe(40);
    expect(applied(byAction(list, /Adam/), doc, s).settings.settings.optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(applied(byAction(list, /learning rate/), doc, s).settings.settings.learningRate).toBe(0.3);
  });

  it('offers no Adam switch to an Adam run, and nothing to reduce when there is no regularization', () => {
    const adam = remedies('high-bias', doc, settings({ optimizer: { kind: 'adam' } }));
    expect(adam.some((r) => /Adam/.test(r.action))).toBe(false);
    expect(list.some((r) => r.key === 'lessRegularization')).toBe(false);
  });

  it('caps the units at the bound and says to add a layer when a network has no hidden layer', () => {
    const logistic = byAction(remedies('high-bias', design('logistic-regression'), s), /hidden/);
    expect(logistic).toMatchObject({ key: 'biggerNetwork', apply: null });
    const wide = GraphDoc.parse({ ...doc, nodes: doc.nodes.map((n) => (n.kind === 'dense' && n.params.units === 10 ? { ...n, params: { ...n.params, units: 3000 } } : n)) });
    expect(unitsOf(applied(byAction(remedies('high-bias', wide, s), /Double/), wide, s).design)).toEqual([4096, 10, 1]);
  });

  it('reduces regularization when there is some: λ to a third, keep probability +0.1 (batchnorm-dropout)', () => {
    const dropout = design('batchnorm-dropout');
    const regularized = settings({ l2: 0.03 });
    const out = applied(remedies('high-bias', dropout, regularized).find((r) => r.key === 'lessRegularization')!, dropout, regularized);
    expect(out.settings.settings.l2).toBe(0.01);
    expect(keepProbsOf(out.design)).toEqual([0.9, 0.9]);
  });
});

describe('high-variance remedies', () => {
  it('generates twice the samples for a generator, and only advises for a CSV', () => {
    const doc = design('three-layer');
    const s = settings();
    const more = applied(byAction(remedies('high-variance', doc, s), /samples/), doc, s);
    expect(more.settings.data).toEqual({ kind: 'moons', samples: 2000, noise: 0.1 });
    const csv = settings({}, { data: { kind: 'csv', path: '/data/x.csv' } });
    expect(remedies('high-variance', doc, csv).find((r) => r.key === 'moreData')!.apply).toBeNull();
  });

  it('L2: 0 → 0.01, then ×3', () => {
    const doc = design('three-layer');
    const l2 = (s: RunSettings) => applied(byAction(remedies('high-variance', doc, s), /L2/), doc, s).settings.settings.l2;
    expect(l2(settings())).toBe(0.01);
    expect(l2(settings({ l2: 0.01 }))).toBe(0.03);
  });

  it('dropout: lowers each existing keep probability by 0.1 (not below 0.5), or says to add a Dropout layer', () => {
    const dropout = design('batchnorm-dropout');
    const s = settings();
    expect(keepProbsOf(applied(byAction(remedies('high-variance', dropout, s), /keep probability by/), dropout, s).design)).toEqual([0.7, 0.7]);
    const add = byAction(remedies('high-variance', design('three-layer'), s), /Add a Dropout layer/);
    expect(add.apply).toBeNull();
  });

  it('early stopping with patience 5 when there is a dev set; advice when there is none or it is already on', () => {
    const doc = design('three-layer');
    const s = settings();
    expect(applied(byAction(remedies('high-variance', doc, s), /Stop early/), doc, s).settings.settings.earlyStopping).toEqual({ patience: 5, minDelta: 0 });
    const noDev = settings({}, { split: { train: 0.9, dev: 0, test: 0.1 } });
    expect(remedies('high-variance', doc, noDev).find((r) => r.key === 'smallerOrEarlyStop')!.apply).toBeNull();
    const on = settings({ earlyStopping: { patience: 3 } });
    expect(remedies('high-variance', doc, on).find((r) => r.key === 'smallerOrEarlyStop')!.apply).toBeNull();
  });
});

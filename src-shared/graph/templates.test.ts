import { describe, expect, it } from 'vitest';
import { parameterCount } from '../engine/spec';
import { compileGraph } from './compile';
import { GraphDoc } from './doc';
import { inferShapes } from './shapes';
import { designTemplates, instantiateTemplate, templateById } from './templates';

/** Hand-worked counts: Σ over Dense (inputs·units + bias) + Σ over batch norm 2·units. */
const expectedParameters: Record<string, number> = {
  // 2·1 + 1
  'logistic-regression': 3,
  // (2·10 + 10) + (10·5 + 5) + (5·1 + 1) = 30 + 55 + 6
  'three-layer': 91,
  // (2·10 + 10) + 4·(10·10 + 10) + (10·1 + 1) = 30 + 440 + 11
  'deep-narrow': 481,
  // (784·128 + 128) + (128·64 + 64) + (64·10 + 10) = 100480 + 8256 + 650
  mnist: 109_386,
  // 2·32 (no bias) + 2·32 (γ, β) + 32·16 (no bias) + 2·16 + (16·1 + 1) = 64 + 64 + 512 + 32 + 17
  'batchnorm-dropout': 689,
};

describe('design templates', () => {
  it('has the five course templates, each with a unique id, a name and a description', () => {
    expect(designTemplates.map((t) => t.id)).toEqual(Object.keys(expectedParameters));
    for (const t of designTemplates) {
      expect(t.name.length).toBeGreaterThan(3);
      expect(t.description.length).toBeGreaterThan(20);
    }
  });

  it.each(designTemplates.map((t) => [t.id, t] as const))('%s is a valid document that compiles to the expected size', (id, template) => {
    expect(GraphDoc.parse(template.doc)).toEqual(template.doc);
    const result = compileGraph(template.doc);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(parameterCount(result.spec)).toBe(expectedParameters[id]);
    expect(inferShapes(template.doc).totalParams).toBe(expectedParameters[id]);
  });

  it('lays each chain out left to right on one row', () => {
    for (const t of designTemplates) {
      const order = compileGraph(t.doc);
      if (!order.ok) throw new Error('compiles');
      const xs = order.order.map((id) => t.doc.nodes.find((n) => n.id === id)!.position.x);
      const ys = new Set(t.doc.nodes.map((n) => n.position.y));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(new Set(xs).size).toBe(xs.length);
      expect(ys.size).toBe(1);
    }
  });

  it('has the shapes the course describes', () => {
    const mnist = compileGraph(templateById('mnist')!.doc);
    expect(mnist.ok && mnist.spec.inputSize).toBe(784);
    expect(mnist.ok && mnist.spec.output).toMatchObject({ activation: 'softmax', loss: 'categorical-crossentropy' });
    const deep = compileGraph(templateById('deep-narrow')!.doc);
    expect(deep.ok && deep.spec.layers.filter((l) => l.kind === 'activation').map((l) => l.kind === 'activation' && l.fn)).toEqual(['tanh', 'tanh', 'tanh', 'tanh', 'tanh']);
    const bn = compileGraph(templateById('batchnorm-dropout')!.doc);
    expect(bn.ok && bn.spec.layers.map((l) => l.kind)).toEqual(['dense', 'batchnorm', 'activation', 'dropout', 'dense', 'batchnorm', 'activation', 'dropout', 'dense']);
  });

  it('hands out copies and keeps the shared templates frozen', () => {
    const copy = instantiateTemplate('three-layer')!;
    copy.nodes[0]!.position.x = 999;
    expect(templateById('three-layer')!.doc.nodes[0]!.position.x).toBe(0);
    expect(() => {
      (templateById('three-layer')!.doc.nodes as unknown[]).push({});
    }).toThrow(TypeError);
    expect(instantiateTemplate('no-such-template')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, formatShape, inferShapes } from './shapes';
import { chainOf, docOf, edge, node } from './test-fixtures';

const course = () =>
  chainOf(
    node('input-1', 'input'),
    node('dense-1', 'dense', { units: 10 }),
    node('activation-1', 'activation'),
    node('dense-2', 'dense', { units: 5 }),
    node('activation-2', 'activation'),
    node('dense-3', 'dense', { units: 1 }),
    node('sigmoid-output-1', 'sigmoid-output'),
    node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
  );

describe('inferShapes', () => {
  it("gives the width on every edge and the parameters of the course's 2→10→5→1 network", () => {
    const report = inferShapes(course());
    expect(Object.values(report.edges)).toEqual([2, 10, 10, 5, 5, 1, 1]);
    // (2·10 + 10) = 30, (10·5 + 5) = 55, (5·1 + 1) = 6; 30 + 55 + 6 = 91.
    expect(report.nodes['dense-1']).toEqual({ inputSize: 2, outputSize: 10, params: 30, biasDropped: false });
    expect(report.nodes['dense-2']?.params).toBe(55);
    expect(report.nodes['dense-3']?.params).toBe(6);
    expect(report.nodes['activation-1']).toEqual({ inputSize: 10, outputSize: 10, params: 0, biasDropped: false });
    expect(report.nodes['loss-1']).toEqual({ inputSize: 1, outputSize: null, params: 0, biasDropped: false });
    expect(report.totalParams).toBe(91);
    // W, dW and Adam's v and s, 4 bytes each: 91 · 16 = 1456.
    expect(report.memoryBytes).toBe(1456);
  });

  it("takes the dataset's feature count for a 'dataset' Input, and keeps a fixed one", () => {
    // 784 features: 784·10 + 10 = 7850 in the first layer, 55 + 6 after.
    expect(inferShapes(course(), { inputSize: 784 }).totalParams).toBe(7850 + 55 + 6);
    const doc = course();
    const fixed = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'input' ? { ...n, params: { source: 'fixed', size: 3 } } : n)) };
    // 3·10 + 10 = 40 whatever the dataset says.
    expect(inferShapes(fixed, { inputSize: 784 }).nodes['dense-1']?.params).toBe(40);
  });

  it('counts batch norm as γ and β per unit and drops the bias of the Dense before it', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 4 }), node('batchnorm-1', 'batchnorm'), node('activation-1', 'activation'));
    const report = inferShapes(doc);
    // Dense: 2·4 weights, no bias; batch norm: 2·4.
    expect(report.nodes['dense-1']).toEqual({ inputSize: 2, outputSize: 4, params: 8, biasDropped: true });
    expect(report.nodes['batchnorm-1']).toEqual({ inputSize: 4, outputSize: 4, params: 8, biasDropped: false });
    expect(report.totalParams).toBe(16);
  });

  it('leaves what no Input reaches unknown, and counts only what is known', () => {
    const doc = docOf(
      [node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('dense-9', 'dense', { units: 4 }), node('batchnorm-9', 'batchnorm')],
      [edge('input-1', 'dense-1'), edge('dense-9', 'batchnorm-9')],
    );
    const report = inferShapes(doc);
    expect(report.nodes['dense-9']).toEqual({ inputSize: null, outputSize: null, params: null, biasDropped: true });
    expect(report.nodes['batchnorm-9']?.params).toBeNull();
    expect(report.edges['dense-9--batchnorm-9']).toBeNull();
    expect(report.totalParams).toBe(9);
  });

  it('stops at loops and treats invalid parameters as unknown sizes', () => {
    const doc = docOf(
      [node('input-1', 'input'), node('dense-1', 'dense', { units: 0 }), node('activation-1', 'activation')],
      [edge('input-1', 'dense-1'), edge('dense-1', 'activation-1'), edge('activation-1', 'dense-1')],
    );
    const report = inferShapes(doc);
    expect(report.nodes['dense-1']).toMatchObject({ inputSize: 2, outputSize: null, params: null });
    expect(report.edges['dense-1--activation-1']).toBeNull();
    expect(report.totalParams).toBe(0);
  });

  it('formats sizes for edge labels and bytes for people', () => {
    expect(formatShape(10)).toBe('[m, 10]');
    expect(formatShape(null)).toBe('[m, ?]');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});

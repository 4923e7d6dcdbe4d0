// The run's pictures against independent computations: a boundary of hand-set weights whose line
// is known, a confusion matrix counted from the predictions, a gallery whose pixels come back.
import { describe, expect, it } from 'vitest';
import { RunVisuals } from '../api/training-runs';
import type { Dataset } from '../data/dataset';
import { fitNormalizer, normalizeDataset, type Normalizer } from '../data/normalize';
import { createWasmTrainer } from '../engine/fast/fast-trainer';
import { mlpSpec } from '../engine/mlp';
import { createRng } from '../engine/rng';
import type { ModelSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';
import { createTsTrainer } from '../engine/ts-trainer';
import { evaluate } from './metrics';
import { computeVisuals, type VisualsInput } from './visuals';

const options = { initializer: { kind: 'he' } as const, optimizer: { kind: 'gd' } as const, l2: 0 };
const makers: Record<'ts' | 'wasm', (spec: ModelSpec) => Trainer> = {
  ts: (spec) => createTsTrainer(spec, { ...options, rng: createRng(1) }),
  wasm: (spec) => createWasmTrainer(spec, { ...options, rng: createRng(1) })!,
};

function dataset(x: number[], y: number[], features: number, classes: number): Dataset {
  return { x: Float32Array.from(x), y: Int32Array.from(y), rows: y.length, features, classes };
}

function input(trainer: Trainer, normalizer: Normalizer, train: Dataset, dev: Dataset | null, classNames: string[] | null = null): VisualsInput {
  return { trainer, spec: trainer.spec, normalizer, train, dev, classNames, step: 7, epoch: 2 };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe.each(['ts', 'wasm'] as const)('decision boundary (%s)', (backend) => {
  it('colours each cell by the side of the known line z = x1′ − x2′ (normalized units), in original units', () => {
    // Original points on a 21 × 11 lattice: x1 ∈ [0, 4], x2 ∈ [2, 4]; label: above the line or not.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 20; i++) for (let j = 0; j <= 10; j++) {
      xs.push(i * 0.2, 2 + j * 0.2);
      ys.push(i % 2);
    }
    const original = dataset(xs, ys, 2, 2);
    const normalizer: Normalizer = { kind: 'zscore', mean: [2, 3], std: [2, 0.5] };
    const train = normalizeDataset(normalizer, original);
    const trainer = makers[backend](mlpSpec({ layers: [2, 1], activation: 'relu' }));
    const weights = trainer.exportWeights();
    for (const [name, tensor] of Object.entries(weights.tensors)) tensor.values = name.endsWith('.W') ? [1, -1] : [0];
    trainer.importWeights(weights);

    const visuals = computeVisuals(input(trainer, normalizer, train, null));
    expect(RunVisuals.safeParse(visuals).success).toBe(true);
    const { boundary, confusion, gallery, step, epoch } = visuals;
    expect([step, epoch, gallery]).toEqual([7, 2, null]);
    expect(confusion!.counts.flat().reduce((a, b) => a + b, 0)).toBe(231);
    const b = boundary!;
    // range [0, 4] ± 5 % of 4 = 0.2; [2, 4] ± 5 % of 2 = 0.1
    expect(b.xMin).toBeCloseTo(-0.2, 5);
    expect(b.xMax).toBeCloseTo(4.2, 5);
    expect(b.yMin).toBeCloseTo(1.9, 5);
    expect(b.yMax).toBeCloseTo(4.1, 5);
    expect(b.size).toBe(60);
    expect(b.classOf).toHaveLength(3600);
    let checked = 0;
    for (let row = 0; row < 60; row++) {
      for (let col = 0; col < 60; col++) {
        const x1 = b.xMin + ((col + 0.5) * (b.xMax - b.xMin)) / 60;
        const x2 = b.yMin + ((row + 0.5) * (b.yMax - b.yMin)) / 60;
        // z = (x1 − 2)/2 − (x2 − 3)/0.5: class 1 above 0, with probability σ(|z|)
        const z = (x1 - 2) / 2 - (x2 - 3) / 0.5;
        if (Math.abs(z) < 1e-4) continue;
        expect(b.classOf[row * 60 + col]).toBe(z >= 0 ? 1 : 0);
        expect(b.confidence[row * 60 + col]).toBeCloseTo(sigmoid(Math.abs(z)), 5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3500);
    // all 231 rows fit under 400 points: every point, back in original units, with its label
    expect(b.points.x).toHaveLength(231);
    b.points.x.forEach((x, i) => expect(x).toBeCloseTo(xs[i * 2]!, 5));
    b.points.y.forEach((y, i) => expect(y).toBeCloseTo(xs[i * 2 + 1]!, 5));
    expect(b.points.label).toEqual(ys);
  });
});

describe('decision boundary points', () => {
  it('takes at most 400 evenly strided training rows, with minmax normalization inverted', () => {
    const rows = 1000;
    const original = dataset(Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : -i)), Array.from({ length: rows }, (_, r) => r % 3), 2, 3);
    const normalizer = fitNormalizer('minmax', original);
    const trainer = makers.ts(mlpSpec({ layers: [2, 3, 3], activation: 'tanh' }));
    const { points } = computeVisuals(input(trainer, normalizer, normalizeDataset(normalizer, original), null)).boundary!;
    // row r = ⌊i·1000/400⌋ = ⌊2.5·i⌋, whose first feature is r itself
    expect(points.x).toHaveLength(400);
    points.x.forEach((x, i) => expect(x).toBeCloseTo(Math.floor(2.5 * i), 3));
    points.label.forEach((label, i) => expect(label).toBe(Math.floor(2.5 * i) % 3));
  });
});

describe('confusion matrix', () => {
  it('counts [true][predicted] on the dev set; the diagonal is the accuracy metrics.ts measures', () => {
    const rng = createRng(5);
    const make = (rows: number) => dataset(Array.from({ length: rows * 3 }, () => rng.normal()), Array.from({ length: rows }, () => Math.floor(rng.next() * 4)), 3, 4);
    const train = make(50);
    const dev = make(300);
    const trainer = makers.ts(mlpSpec({ layers: [3, 5, 4], activation: 'tanh' }));
    const { confusion, boundary, gallery } = computeVisuals(input(trainer, { kind: 'none' }, train, dev, ['a', 'b', 'c', 'd']));
    expect(boundary).toBeNull();
    expect(gallery).toBeNull();
    expect(confusion!.classNames).toEqual(['a', 'b', 'c', 'd']);
    // independent count: argmax of the predictions row by row
    const outputs = trainer.predict(dev.x, dev.rows);
    const expected = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    for (let r = 0; r < dev.rows; r++) {
      const row = Array.from(outputs.subarray(r * 4, r * 4 + 4));
      expected[dev.y[r]!]![row.indexOf(Math.max(...row))]! += 1;
    }
    expect(confusion!.counts).toEqual(expected);
    const diagonal = expected.reduce((sum, row, c) => sum + row[c]!, 0);
    expect(diagonal / dev.rows).toBeCloseTo(evaluate(trainer, trainer.spec, dev).accuracy!, 10);
  });

  it('is null, like every part, for a linear output', () => {
    const train = dataset([0, 1, 2, 3], [0, 1], 2, 2);
    const trainer = makers.ts({ ...mlpSpec({ layers: [2, 1], activation: 'relu' }), output: { activation: 'linear', loss: 'mse' } });
    const visuals = computeVisuals(input(trainer, { kind: 'none' }, train, null));
    expect([visuals.boundary, visuals.confusion, visuals.gallery]).toEqual([null, null, null]);
  });
});

describe('image gallery', () => {
  it('shows the first 32 dev images of 784 pixels back in 0–1 (clamped), with true and predicted labels', () => {
    const rng = createRng(9);
    const image = (rows: number) => dataset(Array.from({ length: rows * 784 }, () => (rng.next() < 0.7 ? 0 : rng.next())), Array.from({ length: rows }, (_, r) => r % 10), 784, 10);
    const originalTrain = image(60);
    const originalDev = image(40);
    const normalizer = fitNormalizer('zscore', originalTrain);
    const trainer = makers.ts(mlpSpec({ layers: [784, 10], activation: 'relu' }));
    const dev = normalizeDataset(normalizer, originalDev);
    const visuals = computeVisuals(input(trainer, normalizer, normalizeDataset(normalizer, originalTrain), dev));
    // the contract's schema holds every pixel to 0–1 (float rounding of the inverse is clamped)
    expect(RunVisuals.safeParse(visuals).success).toBe(true);
    const { gallery, confusion } = visuals;
    expect(gallery!.width).toBe(28);
    expect(gallery!.images).toHaveLength(32);
    gallery!.images.forEach((pixels, i) => {
      expect(pixels).toHaveLength(784);
      pixels.forEach((p, j) => expect(p).toBeCloseTo(originalDev.x[i * 784 + j]!, 4));
    });
    expect(gallery!.label).toEqual(Array.from(originalDev.y.subarray(0, 32)));
    const outputs = trainer.predict(dev.x, 32);
    gallery!.predicted.forEach((predicted, i) => {
      const row = Array.from(outputs.subarray(i * 10, i * 10 + 10));
      expect(predicted).toBe(row.indexOf(Math.max(...row)));
    });
    expect(confusion!.counts.flat().reduce((a, b) => a + b, 0)).toBe(40);
  });
});

/**
 * Synthetic runs for the charts' benchmark and screenshots: falling noisy losses, epoch reports with
 * gradient norms, an intervention or two, and pictures for the selected run. Seeded, so every
 * bench sees the same points.
 */
import type { AppliedAdjustment, RunVisuals, StepPoint, TrainingProgress } from '@shared/api';
import type { ChartRun } from '../../src-renderer/src/lib/charts/chart-run';

/** mulberry32: a small seeded generator (floats in [0, 1)). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const colors = ['#4f46e5', '#e15759', '#59a14f', '#f28e2b', '#76b7b2', '#b07aa1', '#edc948', '#9c755f'];
const layers = ['dense1', 'dense2', 'dense3'];

export interface StreamingRun {
  run: ChartRun & { steps: StepPoint[]; reports: TrainingProgress[]; interventions: AppliedAdjustment[] };
  /** Adds `count` steps (with the reports and interventions they bring). */
  advance(count: number): void;
}

export function streamingRun(index: number, stepsPerEpoch: number): StreamingRun {
  const random = rng(1000 + index);
  const steps: StepPoint[] = [];
  const reports: TrainingProgress[] = [];
  const interventions: AppliedAdjustment[] = [];
  const run = { runId: `run-${index + 1}`, label: `run-${index + 1} · moons`, color: colors[index % colors.length]!, steps, reports, interventions };
  let learningRate = 0.05 * (1 + index * 0.2);
  const floor = 0.05 + 0.03 * index;
  const advance = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const step = steps.length + 1;
      const epoch = Math.floor((step - 1) / stepsPerEpoch) + 1;
      if (step % 1000 === 0 && step <= 3000) {
        learningRate /= 2;
        interventions.push({ step, changes: { learningRate } });
      }
      // loss ≈ floor + 0.7·e^(−step/τ), with mini-batch noise and a rare spike
      const clean = floor + 0.7 * Math.exp(-step / (400 + 150 * index));
      const loss = clean * (0.8 + 0.4 * random()) + (random() < 0.001 ? 1.5 : 0);
      steps.push({ step, epoch, loss, learningRate });
      const endOfEpoch = step % stepsPerEpoch === 0;
      if (step % 25 === 0 || endOfEpoch) {
        const norms = layers.flatMap((layer, l) => {
          // deeper layers get smaller gradients (a vanishing trend on the log axis)
          const g = Math.exp(-step / 3000) * 10 ** -l * (0.5 + random());
          return [
            { name: `${layer}.W`, layer, gradNorm: g, weightNorm: 1 + l },
            { name: `${layer}.b`, layer, gradNorm: g / 5, weightNorm: 0.1 },
          ];
        });
        const train = { loss: clean, accuracy: Math.min(0.99, 1 - clean / 1.6) };
        const dev = { loss: clean * 1.15, accuracy: Math.min(0.98, 1 - (clean * 1.15) / 1.6) };
        reports.push({ kind: endOfEpoch ? 'epoch' : 'step', epoch, step, stepsPerEpoch, loss, smoothedLoss: clean, learningRate, train, dev, sampled: !endOfEpoch, norms });
      }
    }
  };
  return { run, advance };
}

/** Moons-like points and a boundary that sharpens as `progress` goes 0 → 1. */
export function syntheticVisuals(step: number, progress: number, classes = 2, gallery = false): RunVisuals {
  const random = rng(7);
  const size = 60;
  const xMin = -1.5;
  const xMax = 2.5;
  const yMin = -1;
  const yMax = 1.5;
  const classOf: number[] = [];
  const confidence: number[] = [];
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const x = xMin + ((column + 0.5) / size) * (xMax - xMin);
      const y = yMin + ((row + 0.5) / size) * (yMax - yMin);
      const score = (y - 0.25 + 0.6 * Math.sin(2 * x - 0.5)) * (1 + 6 * progress);
      const p = 1 / (1 + Math.exp(-score));
      classOf.push(p > 0.5 ? 1 : 0);
      confidence.push(Math.max(p, 1 - p));
    }
  }
  const points = { x: [] as number[], y: [] as number[], label: [] as number[] };
  for (let i = 0; i < 300; i++) {
    const label = i % 2;
    const t = Math.PI * random();
    points.x.push(label === 0 ? Math.cos(t) : 1 - Math.cos(t));
    points.y.push((label === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.15 * (random() - 0.5));
    points.label.push(label);
  }
  const names = Array.from({ length: classes }, (_, k) => String(k));
  const counts = names.map((_, t) => names.map((_, p) => (t === p ? 80 + Math.round(20 * progress) : Math.round(6 * (1 - progress) + random() * 3))));
  const images: number[][] = [];
  const label: number[] = [];
  const predicted: number[] = [];
  if (gallery) {
    for (let i = 0; i < 16; i++) {
      const digit = i % 10;
      // a ring whose thickness depends on the digit, so the tiles differ
      images.push(Array.from({ length: 28 * 28 }, (_, p) => {
        const dx = (p % 28) - 13.5;
        const dy = Math.floor(p / 28) - 13.5;
        const r = Math.hypot(dx, dy * (1 + digit / 10));
        return r > 6 && r < 9 + digit / 3 ? 1 : 0;
      }));
      label.push(digit);
      predicted.push(i % 5 === 3 ? (digit + 3) % 10 : digit);
    }
  }
  return {
    step,
    epoch: 1,
    boundary: classes === 2 ? { xMin, xMax, yMin, yMax, size, classOf, confidence, points } : null,
    confusion: { classNames: names, counts },
    gallery: gallery ? { width: 28, height: 28, images, label, predicted } : null,
  };
}

/**
 * The gradient check of a prepared run, shared by `deepwire gradcheck` and the app's training
 * worker: backprop's gradient against centered differences in float64, on the first rows of the
 * (normalized) training data, at the initial weights training would start from. Tensors above
 * `maxPerTensor` entries are checked on a seeded sample of that many entries, and the size limit
 * scales with rows × entries, because each compared entry costs two passes over the rows.
 */
import type { GradientCheckResult } from '../api/training-runs';
import { selectRows } from '../data/dataset';
import { gradientCheck, type GradientCheckReport } from '../engine/gradcheck';
import type { PreparedRun } from './prepare-run';
import { targetsFor } from './targets';

export const defaultCheckRows = 8;
/** Entries compared per tensor unless asked otherwise; larger tensors are sampled. */
export const defaultSamplePerTensor = 200;
/** 200,000 parameters at 8 rows and 200 entries take a few seconds; the budget scales from there. */
export const gradcheckMaxParameters = 200_000;
const gradcheckBudget = gradcheckMaxParameters * defaultCheckRows * defaultSamplePerTensor;

/** The parameter limit for a check of `rows` rows and `sample` entries per tensor. */
export function gradcheckParameterLimit(rows: number, sample: number): number {
  return Math.floor(gradcheckBudget / (rows * sample));
}

export interface SampledTensor {
  tensor: string;
  checked: number;
  size: number;
}

export interface PreparedGradientCheck {
  report: GradientCheckReport;
  /** Rows actually used (at most the training rows). */
  rows: number;
  sampled: SampledTensor[];
}

/** Checks the prepared run's initial weights; disposes its trainer (only its weights are used). */
export function checkPreparedGradients(prepared: PreparedRun, plannedRows: number, maxPerTensor: number): PreparedGradientCheck {
  const { spec, train, trainer, config, streams } = prepared;
  const weights = trainer.exportWeights();
  trainer.dispose();
  const rows = Math.min(plannedRows, train.rows);
  const batch = selectRows(train, Array.from({ length: rows }, (_, i) => i));
  const report = gradientCheck({ spec, weights, x: batch.x, y: targetsFor(spec, batch), batchSize: rows, l2: config.l2, maxPerTensor, sampleRng: streams.model.fork() });
  const sampled = report.tensors.filter((tensor) => tensor.checked < tensor.size).map(({ name, checked, size }) => ({ tensor: name, checked, size }));
  return { report, rows, sampled };
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);
const count = (n: number) => n.toLocaleString('en-US');

/** The check as the contract carries it: non-finite differences as null, the worst layer named for the canvas. */
export function gradientCheckResult(check: PreparedGradientCheck): GradientCheckResult {
  const { report } = check;
  const layers = report.layers.map((layer) => ({ name: layer.name, relativeDifference: finiteOrNull(layer.relativeDifference) }));
  // A layer whose difference is not even a number is the worst of all.
  const rank = (value: number | null) => (value === null ? Number.POSITIVE_INFINITY : value);
  const worst = layers.reduce<(typeof layers)[number] | null>((best, layer) => (best === null || rank(layer.relativeDifference) > rank(best.relativeDifference) ? layer : best), null);
  return {
    relativeDifference: finiteOrNull(report.relativeDifference),
    verdict: report.verdict,
    explanation: report.explanation,
    layers,
    worstLayer: worst?.name ?? null,
    rows: check.rows,
    sampled: check.sampled.map((s) => `${s.tensor}: ${count(s.checked)} of ${count(s.size)}`),
  };
}

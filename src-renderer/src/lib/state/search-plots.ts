/**
 * What the views of a search draw, as plain data: the metric's axis and colours, a scatter of the
 * metric against one hyperparameter (on its own axis), parallel-coordinate lines, importance bars.
 * The components only turn fractions into pixels.
 */
import type { SearchableName, SearchMetric, SearchSpace, Trial, TrialStatus } from '@shared/api';
import { byPriority, importance } from '@shared/search/api';
import { axisFor, linearTicks, valueFraction, type Axis, type Tick } from './search-axes';

/** "92.4 %" for accuracy, "0.2731" for loss. */
export function formatMetric(metric: SearchMetric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return metric === 'dev-accuracy' ? `${(value * 100).toFixed(1)} %` : value.toPrecision(4);
}

export const metricLabels: Record<SearchMetric, string> = { 'dev-accuracy': 'Dev accuracy', 'dev-loss': 'Dev loss' };

export interface MetricAxis {
  lo: number;
  hi: number;
  ticks: Tick[];
}

/** The metric's axis over the trials' values, padded a little, ticked in its own units. */
export function metricAxis(metric: SearchMetric, values: readonly number[]): MetricAxis {
  if (values.length === 0) return { lo: 0, hi: 1, ticks: linearTicks(0, 1, 4) };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 0.05;
  lo -= pad;
  hi += pad;
  if (metric === 'dev-accuracy') {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  const format = metric === 'dev-accuracy' ? (v: number) => `${Number((v * 100).toPrecision(3))}%` : (v: number) => String(Number(v.toPrecision(3)));
  return { lo, hi, ticks: linearTicks(lo, hi, 4, format) };
}

/** How good a value is among the others, 0 (worst) to 1 (best), whichever way the metric points. */
export function goodness(metric: SearchMetric, value: number, lo: number, hi: number): number {
  if (hi === lo) return 1;
  const t = (value - lo) / (hi - lo);
  return metric === 'dev-accuracy' ? t : 1 - t;
}

/** A sequential scale that reads on both themes (viridis' stops): dark purple for poor, yellow for best. */
const stops = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

export function metricColor(t: number): string {
  const clamped = Math.max(0, Math.min(1, t));
  const at = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(at));
  const mix = at - i;
  const a = hex(stops[i]!);
  const b = hex(stops[i + 1]!);
  const channel = (k: number) => Math.round(a[k]! + (b[k]! - a[k]!) * mix);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));

export interface ScatterPoint {
  index: number;
  /** Along the hyperparameter's axis, 0–1. */
  x: number;
  /** Along the metric's axis, 0–1 (0 at the bottom). */
  y: number;
  metric: number;
  status: TrialStatus;
  color: string;
}

export interface Scatter {
  name: SearchableName;
  axis: Axis;
  points: ScatterPoint[];
}

/** The hyperparameters of a space in the course's priority order. */
export function spaceNames(space: SearchSpace): SearchableName[] {
  return byPriority().filter((name) => space[name] !== undefined);
}

/** One scatter per hyperparameter of the space: each trial with a metric at (its value, its metric). */
export function scatters(space: SearchSpace, trials: readonly Trial[], metric: SearchMetric): { metricAxis: MetricAxis; plots: Scatter[] } {
  const scored = trials.filter((t) => t.metric !== null);
  const values = scored.map((t) => t.metric!);
  const yAxis = metricAxis(metric, values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const plots = spaceNames(space).map((name) => {
    const axis = axisFor(space[name]!);
    const points: ScatterPoint[] = [];
    for (const trial of scored) {
      const x = valueFraction(axis, trial.params[name]);
      if (x === null) continue;
      const value = trial.metric!;
      points.push({ index: trial.index, x, y: (value - yAxis.lo) / (yAxis.hi - yAxis.lo || 1), metric: value, status: trial.status, color: metricColor(goodness(metric, value, lo, hi)) });
    }
    return { name, axis, points };
  });
  return { metricAxis: yAxis, plots };
}

export interface ParallelLine {
  index: number;
  /** One fraction per axis (null where the trial has no value on it). */
  ys: (number | null)[];
  color: string;
  /** Drawn over the others: the better, the later. */
  order: number;
}

/** One axis per hyperparameter, then the metric's; a line per trial with a metric, coloured by it. */
export function parallelCoordinates(space: SearchSpace, trials: readonly Trial[], metric: SearchMetric): { axes: { name: SearchableName; axis: Axis }[]; metricAxis: MetricAxis; lines: ParallelLine[] } {
  const axes = spaceNames(space).map((name) => ({ name, axis: axisFor(space[name]!) }));
  const scored = trials.filter((t) => t.metric !== null);
  const values = scored.map((t) => t.metric!);
  const yAxis = metricAxis(metric, values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const lines = scored.map((trial) => {
    const g = goodness(metric, trial.metric!, lo, hi);
    return {
      index: trial.index,
      ys: [...axes.map(({ name, axis }) => valueFraction(axis, trial.params[name])), (trial.metric! - yAxis.lo) / (yAxis.hi - yAxis.lo || 1)],
      color: metricColor(g),
      order: g,
    };
  });
  lines.sort((a, b) => a.order - b.order);
  return { axes, metricAxis: yAxis, lines };
}

export interface ImportanceRow {
  name: SearchableName;
  spearman: number | null;
  varianceExplained: number | null;
}

/** Importance per hyperparameter, most important first (variance explained, then |ρ|); unknown last. */
export function importanceRows(space: SearchSpace, trials: readonly Trial[], metric: SearchMetric): ImportanceRow[] {
  const rows = importance(space, trials, metric);
  const weight = (row: ImportanceRow) => row.varianceExplained ?? Math.abs(row.spearman ?? -1);
  return [...rows].sort((a, b) => weight(b) - weight(a));
}

/**
 * Each hyperparameter drawn on its own scale: where a value sits along its axis (the search
 * module's coordinate: log10 v for a log scale, log10(1 − v) for 1 − β), and the ticks people read
 * there (1e-4, 1e-3 … for a learning rate; 0.9, 0.99, 0.999 for a momentum β). Pure, for the
 * preview strips, the scatter plots, parallel coordinates and the box-in-parent drawing.
 */
import type { ParamScale, ParamValue } from '@shared/api';
import { scaleCoordinate, scaleExtent } from '@shared/search/api';

export interface Tick {
  /** On the axis's coordinate. */
  at: number;
  label: string;
}

export interface Axis {
  scale: ParamScale;
  lo: number;
  hi: number;
  /** 1 − β axes run from 0.9 on the left to 0.999 on the right: their coordinate falls as β grows. */
  reversed: boolean;
  ticks: Tick[];
}

/** A tidy step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled > 5 ? 10 : scaled > 2 ? 5 : scaled > 1 ? 2 : 1) * power;
}

/** Ticks at multiples of a nice step inside [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5, format: (value: number) => string = formatTickNumber): Tick[] {
  if (hi === lo) return [{ at: lo, label: format(lo) }];
  const step = niceStep(hi - lo, count);
  const ticks: Tick[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    const at = Number((k * step).toPrecision(12));
    ticks.push({ at, label: format(at) });
  }
  return ticks;
}

/** 0.001, 12, 2.5e-5: short, without trailing zeros. */
export function formatTickNumber(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** 10^k as people write it on a log axis: 1e-4 … 0.1 stays 1e-1; 1, 10, 100 stay plain. */
export function decadeLabel(k: number): string {
  return k >= 0 && k <= 4 ? String(10 ** k) : `1e${k}`;
}

/** 1 − 10^k written as β: 0.9, 0.99, 0.999. */
export function oneMinusLabel(k: number): string {
  if (Number.isInteger(k) && k < 0) return (1 - 10 ** k).toFixed(-k);
  return formatTickNumber(1 - 10 ** k);
}

/** Integer decades inside [lo, hi]; the ends themselves when fewer than two decades fall inside. */
function decadeTicks(lo: number, hi: number, label: (k: number) => string, endLabel: (coordinate: number) => string): Tick[] {
  const ticks: Tick[] = [];
  for (let k = Math.ceil(lo - 1e-9); k <= hi + 1e-9; k++) ticks.push({ at: k, label: label(k) });
  if (ticks.length >= 2) return ticks;
  return [
    { at: lo, label: endLabel(lo) },
    { at: hi, label: endLabel(hi) },
  ];
}

/** Units and batch sizes read in powers of two (8, 16, 32 …): those inside [10^lo, 10^hi], when there are 2 to 8 of them. */
function powerOfTwoTicks(lo: number, hi: number): Tick[] | null {
  const ticks: Tick[] = [];
  for (let k = Math.ceil(lo / Math.log10(2) - 1e-9); k * Math.log10(2) <= hi + 1e-9; k++) ticks.push({ at: k * Math.log10(2), label: String(2 ** k) });
  return ticks.length >= 2 && ticks.length <= 8 ? ticks : null;
}

export function axisFor(scale: ParamScale): Axis {
  const [lo, hi] = scaleExtent(scale);
  switch (scale.kind) {
    case 'log':
      return { scale, lo, hi, reversed: false, ticks: decadeTicks(lo, hi, decadeLabel, (c) => formatTickNumber(10 ** c)) };
    case 'log1m':
      return { scale, lo, hi, reversed: true, ticks: decadeTicks(lo, hi, oneMinusLabel, (c) => formatTickNumber(1 - 10 ** c)) };
    case 'int':
      if (scale.log) return { scale, lo, hi, reversed: false, ticks: powerOfTwoTicks(lo, hi) ?? decadeTicks(lo, hi, decadeLabel, (c) => String(Math.round(10 ** c))) };
      return { scale, lo, hi, reversed: false, ticks: linearTicks(lo, hi, 5).filter((t) => Number.isInteger(t.at)) };
    case 'linear':
      return { scale, lo, hi, reversed: false, ticks: linearTicks(lo, hi, 5) };
    case 'choice':
      return { scale, lo, hi, reversed: false, ticks: scale.values.map((value, i) => ({ at: i, label: String(value) })) };
  }
}

/** Where a coordinate falls along the axis, 0 (left or bottom) to 1; the middle when the axis has no length. */
export function fractionOf(axis: Axis, coordinate: number): number {
  const f = axis.hi === axis.lo ? 0.5 : (coordinate - axis.lo) / (axis.hi - axis.lo);
  return axis.reversed ? 1 - f : f;
}

/** The coordinate at a fraction along the axis (the inverse of fractionOf). */
export function coordinateAt(axis: Axis, fraction: number): number {
  const f = axis.reversed ? 1 - fraction : fraction;
  return axis.lo + f * (axis.hi - axis.lo);
}

/**
 * A choice axis puts its values at whole positions 0 … n − 1: drawn with half a slot of room on
 * each side so the first and last are not on the edge. Other axes use their extent as it is.
 */
export function drawnFraction(axis: Axis, coordinate: number): number {
  if (axis.scale.kind !== 'choice') return fractionOf(axis, coordinate);
  const n = axis.scale.values.length;
  return (coordinate + 0.5) / n;
}

/** The inverse of drawnFraction. */
export function coordinateAtDrawn(axis: Axis, fraction: number): number {
  if (axis.scale.kind !== 'choice') return coordinateAt(axis, fraction);
  return fraction * axis.scale.values.length - 0.5;
}

/** A value's place along its axis (0–1), or null when it is not a value of this scale. */
export function valueFraction(axis: Axis, value: ParamValue | undefined): number | null {
  if (value === undefined) return null;
  if (axis.scale.kind === 'choice' && !axis.scale.values.includes(value)) return null;
  const coordinate = scaleCoordinate(axis.scale, value);
  return Number.isFinite(coordinate) ? drawnFraction(axis, coordinate) : null;
}

/** A trial's value as people read it: 3.2e-3, 0.987, 64, adam. */
export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 0.01) return value.toExponential(1);
  // β near 1 keeps the digits that tell 0.99 from 0.999.
  if (value > 0.9 && value < 1) return String(Number(value.toPrecision(4)));
  return String(Number(value.toPrecision(3)));
}

/** A scale's range as people read it: "2.5e-3 … 0.03 (log)", "β 0.9 … 0.999", "4 … 64 (log)", "gd, adam". */
export function describeRange(scale: ParamScale): string {
  switch (scale.kind) {
    case 'choice':
      return scale.values.map(String).join(', ');
    case 'log':
      return `${formatParam(scale.min)} … ${formatParam(scale.max)} (log)`;
    case 'log1m':
      return `${formatParam(scale.min)} … ${formatParam(scale.max)} (log of 1 − β)`;
    case 'int':
      return `${Math.round(scale.min)} … ${Math.round(scale.max)}${scale.log ? ' (log)' : ''}`;
    case 'linear':
      return `${formatParam(scale.min)} … ${formatParam(scale.max)}`;
  }
}

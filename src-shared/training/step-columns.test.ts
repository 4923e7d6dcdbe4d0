import { describe, expect, it } from 'vitest';
import type { StepPoint } from '../api';
import { joinStepColumns, lastStepPoint, sliceStepColumns, StepColumnParts, StepColumnsBuilder, stepColumnsOf, stepPointsOf } from './step-columns';

const point = (step: number, loss: number | null = 1 / step): StepPoint => ({ step, epoch: Math.ceil(step / 3), loss, learningRate: 0.1 / step });
const points = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => point(from + i));

describe('step columns', () => {
  it('hold points column by column and give them back exactly (a non-finite loss as null)', () => {
    const original = [point(4), point(5, null), point(6, Number.NaN), point(7, Number.NEGATIVE_INFINITY), point(8, -0)];
    const columns = stepColumnsOf(original);
    expect(columns.fromStep).toBe(4);
    expect(columns.count).toBe(5);
    // Epochs, then losses, then learning rates.
    expect(Array.from(columns.values.subarray(0, 5))).toEqual([2, 2, 2, 3, 3]);
    expect(columns.values[5 + 1]).toBeNaN();
    expect(Array.from(columns.values.subarray(10))).toEqual(original.map((p) => p.learningRate));
    expect(stepPointsOf(columns)).toEqual([point(4), point(5, null), point(6, null), point(7, null), point(8, -0)]);
    expect(stepPointsOf(columns, 6, 2).map((p) => p.step)).toEqual([6, 7]);
    expect(lastStepPoint(columns)).toEqual(point(8, -0));
    expect(lastStepPoint(stepColumnsOf([]))).toBeNull();
  });

  it('are built past the first capacity, each take a buffer of its own, and refuse a step out of order', () => {
    const builder = new StepColumnsBuilder(2);
    for (const p of points(1, 5)) builder.add(p);
    const first = builder.take()!;
    for (const p of points(6, 7)) builder.add(p);
    const second = builder.take()!;
    expect(builder.take()).toBeNull();
    expect(stepPointsOf(first)).toEqual(points(1, 5));
    expect(stepPointsOf(second)).toEqual(points(6, 7));
    expect(first.values.buffer).not.toBe(second.values.buffer);
    builder.add(point(9));
    expect(() => builder.add(point(11))).toThrow(/step 11 added after step 9/);
  });

  it('join contiguous parts and slice them', () => {
    const joined = joinStepColumns([stepColumnsOf(points(1, 3)), stepColumnsOf([]), stepColumnsOf(points(4, 9))]);
    expect(stepPointsOf(joined)).toEqual(points(1, 9));
    expect(stepPointsOf(sliceStepColumns(joined, 2, 4))).toEqual(points(3, 6));
    expect(() => joinStepColumns([stepColumnsOf(points(1, 3)), stepColumnsOf(points(5, 6))])).toThrow(/step 5 follows step 3/);
  });

  it("keep a run's parts in order: pages across parts, one joined part, and the next part due after a clear", () => {
    const parts = new StepColumnParts(11);
    parts.append(stepColumnsOf(points(11, 14)), 'run-1');
    parts.append(stepColumnsOf(points(15, 20)), 'run-1');
    expect(() => parts.append(stepColumnsOf(points(22, 23)), 'run store: run-1')).toThrow('run store: run-1 got step 22 where step 21 was due');
    expect(parts.count).toBe(10);
    expect(parts.points(13, 4)).toEqual(points(13, 16));
    expect(parts.points()).toEqual(points(11, 20));
    expect(stepPointsOf(parts.joined())).toEqual(points(11, 20));
    parts.clear();
    expect([parts.count, parts.nextStep]).toEqual([0, 21]);
    expect(parts.joined().count).toBe(0);
    parts.append(stepColumnsOf(points(21, 21)), 'run-1');
    expect(parts.points()).toEqual([point(21)]);
  });
});

/**
 * The numeric bounds of every setting, defined once: the engine's spec, the editor's registry,
 * the optimizers' configs and the command line all build their checks and their wording from
 * these ranges, so a limit changes in one place.
 */
import { z } from 'zod';

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** min itself is excluded: (min, …. */
  readonly minOpen?: boolean;
  /** max itself is excluded: …, max). */
  readonly maxOpen?: boolean;
  readonly integer?: boolean;
}

export const bounds = {
  /** n_x, the features of one example. */
  inputSize: { min: 1, max: 100_000, integer: true },
  /** n[l], the width of a dense layer. */
  units: { min: 1, max: 4096, integer: true },
  /** Leaky ReLU's slope for z < 0. */
  leakyAlpha: { min: 0, max: 1 },
  /** Batch norm's running-average momentum. */
  batchNormMomentum: { min: 0, max: 1, minOpen: true, maxOpen: true },
  /** Batch norm's ε added to the variance. */
  batchNormEpsilon: { min: 0, max: 1, minOpen: true },
  /** Dropout's keep probability (1: no dropout). */
  keepProb: { min: 0, max: 1, minOpen: true },
  /** An optimizer's β (momentum, RMSprop, Adam): the weight of the past in an average. */
  beta: { min: 0, max: 1, maxOpen: true },
  /** An optimizer's ε in the denominator √s + ε. */
  epsilon: { min: 0, max: 1, minOpen: true },
} as const satisfies Record<string, NumberRange>;

/** Whether `value` lies in the range. */
export function inRange(range: NumberRange, value: number): boolean {
  if (range.integer && !Number.isInteger(value)) return false;
  const aboveMin = range.minOpen ? value > range.min : value >= range.min;
  const belowMax = range.maxOpen ? value < range.max : value <= range.max;
  return aboveMin && belowMax;
}

/** The range in words, e.g. "a number from 0 up to (not including) 1", "a number in (0, 1]". */
export function describeRange(range: NumberRange): string {
  const { min, max } = range;
  if (range.integer) return `a whole number from ${min} to ${max}`;
  if (!range.minOpen && range.maxOpen) return `a number from ${min} up to (not including) ${max}`;
  if (range.minOpen && !range.maxOpen) return `a number in (${min}, ${max}]`;
  if (range.minOpen && range.maxOpen) return `a number between ${min} and ${max}, both excluded`;
  return `a number from ${min} to ${max}`;
}

/** A zod number in the range, whose messages name the field ("units can be at most 4096"). */
export function boundedNumber(name: string, range: NumberRange): z.ZodNumber {
  let schema = z.number();
  if (range.integer) schema = schema.int(`${name} must be a whole number`);
  schema = range.minOpen ? schema.gt(range.min, `${name} must be above ${range.min}`) : schema.min(range.min, `${name} must be at least ${range.min}`);
  schema = range.maxOpen ? schema.lt(range.max, `${name} must be below ${range.max}`) : schema.max(range.max, `${name} can be at most ${range.max}`);
  return schema;
}

/**
 * zod readers for command-line option values. Commander hands over raw strings; each reader
 * turns one into a typed value or an issue worded "--lr must be a positive number, got 'abc'",
 * so every message names the option and repeats what was typed.
 */
import { z } from 'zod';

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** "1,5" or ",5": a number written with a decimal comma (one comma, digits after it). */
const decimalComma = /^[+-]?\d*,\d+$/;

function readNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (!decimal.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A string option read by `read`; undefined from `read` means "not acceptable". */
export function optionValue<T>(flag: string, expectation: string, read: (raw: string) => T | undefined, hint: (raw: string) => string | null = () => null) {
  return z.string().transform((raw, context): T => {
    const value = read(raw);
    if (value === undefined) {
      const extra = hint(raw);
      context.addIssue({ code: 'custom', message: `${flag} must be ${expectation}, got '${raw}'${extra ? ` (${extra})` : ''}` });
      return z.NEVER;
    }
    return value;
  });
}

export const numberIn = (flag: string, expectation: string, accept: (value: number) => boolean) =>
  optionValue(
    flag,
    expectation,
    (raw) => {
      const value = readNumber(raw);
      return value !== undefined && accept(value) ? value : undefined;
    },
    decimalCommaHint,
  );

/** Many locales write 1,5 for 1.5; say so rather than only "not a number". */
export function decimalCommaHint(raw: string): string | null {
  const text = raw.trim();
  return decimalComma.test(text) ? `use a decimal point: ${text.replace(',', '.')}` : null;
}

export const positiveNumber = (flag: string) => numberIn(flag, 'a positive number', (v) => v > 0);
export const nonNegativeNumber = (flag: string) => numberIn(flag, 'a number ≥ 0', (v) => v >= 0);
/** [0, 1): the β's of momentum, RMSprop and Adam. */
export const betaValue = (flag: string) => numberIn(flag, 'a number from 0 up to (not including) 1', (v) => v >= 0 && v < 1);
export const wholeNumber = (flag: string, min: number, max: number) =>
  numberIn(flag, `a whole number from ${min} to ${max}`, (v) => Number.isInteger(v) && v >= min && v <= max);

export const oneOf = <const T extends readonly string[]>(flag: string, values: T) =>
  optionValue(flag, `one of ${values.join(', ')}`, (raw) => (values as readonly string[]).includes(raw.trim()) ? (raw.trim() as T[number]) : undefined);

/** "0.8,0.1,0.1" → [0.8, 0.1, 0.1]. */
export const numberList = (flag: string, expectation: string, count: number | null, accept: (value: number) => boolean) =>
  optionValue(flag, expectation, (raw) => {
    const parts = raw.split(',').map((part) => readNumber(part));
    if (parts.length === 0 || (count !== null && parts.length !== count)) return undefined;
    return parts.every((value) => value !== undefined && accept(value)) ? (parts as number[]) : undefined;
  });

export const nonEmptyText = (flag: string) => optionValue(flag, 'a non-empty value', (raw) => (raw.trim() === '' ? undefined : raw.trim()));

/** The first few issues as lines, each already naming its option. */
export function describeOptionIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.code === 'custom' || issue.path.length === 0 ? issue.message : `--${String(issue.path[0])}: ${issue.message}`));
}

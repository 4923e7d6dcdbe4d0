import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeOptionIssues, nonNegativeNumber, numberIn, positiveNumber, wholeNumber } from './option-values';

function messageOf(schema: z.ZodType, raw: string): string {
  const parsed = schema.safeParse(raw);
  if (parsed.success) throw new Error(`'${raw}' was accepted`);
  return describeOptionIssues(parsed.error).join('\n');
}

describe('number options typed with a decimal comma', () => {
  it.each([
    ['1,5', "--lr must be a positive number, got '1,5' (use a decimal point: 1.5)", positiveNumber('--lr')],
    ['0,01', "--l2 must be a number ≥ 0, got '0,01' (use a decimal point: 0.01)", nonNegativeNumber('--l2')],
    [',8', "--keep-prob must be a probability in (0, 1], got ',8' (use a decimal point: .8)", numberIn('--keep-prob', 'a probability in (0, 1]', (v) => v > 0 && v <= 1)],
    ['2,5', "--epochs must be a whole number from 1 to 100, got '2,5' (use a decimal point: 2.5)", wholeNumber('--epochs', 1, 100)],
  ])('%s', (raw, message, schema) => {
    expect(messageOf(schema, raw)).toBe(message);
  });

  it('gives no hint when the comma is not a decimal comma, or the number is fine but out of range', () => {
    expect(messageOf(positiveNumber('--lr'), 'abc')).toBe("--lr must be a positive number, got 'abc'");
    expect(messageOf(positiveNumber('--lr'), '1,5,2')).toBe("--lr must be a positive number, got '1,5,2'");
    expect(messageOf(positiveNumber('--lr'), '-1')).toBe("--lr must be a positive number, got '-1'");
  });
});

import { describe, expect, it } from 'vitest';
import { parseBeta } from './beta';

describe('parseBeta', () => {
  it('accepts 0 ≤ β < 1 and explains anything else', () => {
    expect(parseBeta(' 0.9 ')).toEqual({ ok: true, value: 0.9 });
    expect(parseBeta('0')).toEqual({ ok: true, value: 0 });
    const one = parseBeta('1');
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.reason).toContain('below 1');
    const text = parseBeta('abc');
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.reason).toContain('"abc"');
    expect(parseBeta('').ok).toBe(false);
  });
});

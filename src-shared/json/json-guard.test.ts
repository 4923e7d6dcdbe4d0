import { describe, expect, it } from 'vitest';
import { checkJson } from './json-guard';

describe('checkJson', () => {
  it('accepts ordinary JSON', () => {
    expect(checkJson({ a: [1, 'two', null, true, { b: 2.5 }] })).toBeNull();
  });

  it('refuses prototype-polluting keys, even when they arrive through JSON.parse', () => {
    expect(checkJson(JSON.parse('{"__proto__": {"polluted": true}}'))).toMatch(/forbidden key "__proto__"/);
    expect(checkJson({ nodes: [{ constructor: 1 }] })).toMatch(/forbidden key "constructor"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting without overflowing the stack', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Some engines refuse this depth themselves; build it by hand instead.
      value = [];
      for (let i = 0; i < depth; i++) value = [value];
    }
    expect(checkJson(value)).toMatch(/nested deeper than 64/);
  });

  it('refuses too many values, long strings and non-finite numbers', () => {
    expect(checkJson(new Array(300_000).fill(0))).toMatch(/more than 200000 values/);
    expect(checkJson({ s: 'x'.repeat(100_001) })).toMatch(/\$\.s is a string longer/);
    expect(checkJson({ n: Number.NaN })).toMatch(/\$\.n is not a finite number/);
  });

  it('refuses class instances and functions', () => {
    expect(checkJson({ d: new Date(0) })).toMatch(/not a plain object/);
    expect(checkJson({ f: () => 1 })).toMatch(/not a JSON value/);
  });
});

import { describe, expect, it } from 'vitest';
import { lineColumn, scanJson } from './json-scan';

/** mulberry32: a small seeded generator, so the mutation corpus is the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const sample = JSON.stringify(
  { format: 'x', version: 1, list: [1, -2.5, 3e10, 0.001E-3, true, false, null, 'a\\"b\\u00e9\n'], nested: { a: [[], {}], 'k y': '' } },
  null,
  2,
);

describe('scanJson', () => {
  it('accepts exactly what JSON.parse accepts, on hand-picked cases', () => {
    const cases = [
      '{}', '[]', '0', '-0', '1.5e+3', '"x"', 'true', 'null', ' \n\t{ "a" : [ 1 , 2 ] } \r\n',
      '', '{', '[1,]', '{"a":1,}', '{a:1}', "{'a':1}", '01', '1.', '.5', '-', '+1', '1e', '"\\x"', '"\\u12G4"',
      '"tab\there"', '[1 2]', '{"a" 1}', '{"a":1}{}', 'tru', 'nul', 'True', '[', '"abc', '{"a":', 'NaN', 'Infinity', '[1]]',
    ];
    for (const text of cases) expect(scanJson(text, 64) === null, JSON.stringify(text)).toBe(parses(text));
  });

  it('agrees with JSON.parse on thousands of random corruptions of a document', () => {
    const random = seededRandom(20240501);
    const alphabet = '{}[]":,.-+eE0123456789 \n\\tfnrlsu/a';
    for (let round = 0; round < 3000; round++) {
      let text = sample;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const op = random();
        if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else if (op < 0.8) text = text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(at);
        else text = text.slice(0, at);
      }
      expect(scanJson(text, 64) === null, JSON.stringify(text)).toBe(parses(text));
    }
  });

  it('tells a cut-off document from a garbled one', () => {
    expect(scanJson(sample.slice(0, 40), 64)).toMatchObject({ kind: 'truncated', offset: 40 });
    expect(scanJson('{"a": tr', 64)).toMatchObject({ kind: 'truncated' });
    expect(scanJson('{"a": 1.', 64)).toMatchObject({ kind: 'truncated' });
    expect(scanJson('{"a": "unfinished', 64)).toMatchObject({ kind: 'truncated' });
    expect(scanJson('{"a": 1 "b": 2}', 64)).toMatchObject({ kind: 'syntax', offset: 8, expected: "',' or '}'" });
  });

  it('reports lines and columns from 1', () => {
    // Line 3 is `  "b" 2`; the 2 is its 7th character.
    expect(scanJson('{\n  "a": 1,\n  "b" 2\n}', 64)).toEqual({ kind: 'syntax', offset: 18, line: 3, column: 7, expected: "':' after the property name" });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(scanJson(deep, 64)).toMatchObject({ kind: 'too-deep', offset: 64, maxDepth: 64 });
    expect(scanJson('['.repeat(64) + ']'.repeat(64), 64)).toBeNull();
  });
});

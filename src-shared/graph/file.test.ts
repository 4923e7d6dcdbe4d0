import { describe, expect, it } from 'vitest';
import { emptyGraphDoc } from './doc';
import { designSizeProblem, formatFileSize, maxDesignBytes, parseDesignFile, serializeDesign, utf8ByteLength } from './file';
import { designTemplates } from './templates';
import { chainOf, docOf, node } from './test-fixtures';

const refused = (text: string): string => {
  const result = parseDesignFile(text);
  if (result.ok) throw new Error('the file was accepted');
  return result.message;
};

const valid = () => chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 4 }));

describe('design files', () => {
  it('round-trips every template and an empty design', () => {
    for (const doc of [emptyGraphDoc(), ...designTemplates.map((t) => t.doc)]) {
      const text = serializeDesign(doc);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toContain('\n  "format": "deepwire-design"');
      expect(parseDesignFile(text)).toEqual({ ok: true, doc });
    }
  });

  it('keeps a design whose parameters are wrong, so validation can show where', () => {
    const doc = docOf([node('dense-1', 'dense', { units: 99_999 })]);
    expect(parseDesignFile(serializeDesign(doc))).toEqual({ ok: true, doc });
  });

  it('accepts a leading byte-order mark', () => {
    expect(parseDesignFile('\uFEFF' + serializeDesign(valid())).ok).toBe(true);
  });

  it('refuses malformed JSON, saying where', () => {
    const text = serializeDesign(valid()).replace('"version": 1,', '"version": 1');
    expect(refused(text)).toBe("This file is not valid JSON: expected ',' or '}' at line 4, column 3. Fix it in a text editor or open another copy.");
    expect(refused('{"format": "deepwire-design"} extra')).toMatch(/expected the end of the file .* at line 1, column 31/);
  });

  it('refuses a truncated file as cut off', () => {
    const text = serializeDesign(valid());
    expect(refused(text.slice(0, Math.floor(text.length / 2)))).toMatch(/^This file ends too early \(at line \d+, column \d+\): it looks cut off/);
    expect(refused('')).toMatch(/This file is empty/);
    expect(refused('  \n')).toMatch(/This file is empty/);
  });

  it('refuses a different format, naming it', () => {
    expect(refused(JSON.stringify({ format: 'deepwire-weights', version: 1 }))).toBe(
      'This is a file of trained weights, not a Deepwire design. Open a file saved from the design canvas.',
    );
    expect(refused(JSON.stringify({ format: 'excalidraw' }))).toMatch(/^This is a 'excalidraw' file, not a Deepwire design/);
    expect(refused(JSON.stringify({ nodes: [] }))).toMatch(/it has no "format": "deepwire-design" field/);
    expect(refused('[1, 2]')).toMatch(/it holds a list, not a design object/);
    expect(refused('"design"')).toMatch(/it holds a single string/);
  });

  it('refuses a design from a newer version, and one without a version', () => {
    expect(refused(JSON.stringify({ ...valid(), version: 3 }))).toBe(
      'This design was made by a newer Deepwire (version 3); this one reads version 1. Update Deepwire to open it.',
    );
    expect(refused(JSON.stringify({ ...valid(), version: '1' }))).toMatch(/no valid version number \(found "1"\)/);
    expect(refused(JSON.stringify({ ...valid(), version: undefined }))).toMatch(/no valid version number \(found none\)/);
  });

  it('refuses prototype keys', () => {
    const text = serializeDesign(valid()).replace('"params": {', '"params": { "__proto__": { "polluted": true },');
    expect(refused(text)).toMatch(/forbidden key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text over the one design limit (5 MB) before parsing it, counting UTF-8 bytes', () => {
    // Not JSON at all: had it been parsed, the message would be about syntax.
    expect(refused('x'.repeat(maxDesignBytes + 1))).toBe('This file is just over 5 MB; a design file can be at most 5 MB, so it is not a Deepwire design.');
    expect(refused('x'.repeat(7_340_000))).toMatch(/^This file is 7\.3 MB; a design file can be at most 5 MB/);
    // 2,500,001 two-byte characters: fewer characters than the limit, more bytes.
    expect(refused('é'.repeat(2_500_001))).toMatch(/^This file is just over 5 MB/);
    expect(refused(' '.repeat(maxDesignBytes))).toMatch(/^This file is empty/);
  });

  it('prints sizes in plain decimal units', () => {
    expect([0, 1, 999, 1000, 40_960, 999_949, 5_000_000, 5_242_880, 7_340_032, 2e9].map(formatFileSize)).toEqual([
      '0 bytes', '1 byte', '999 bytes', '1 kB', '41 kB', '999.9 kB', '5 MB', '5.2 MB', '7.3 MB', '2 GB',
    ]);
    expect(designSizeProblem(maxDesignBytes)).toBeNull();
    expect(designSizeProblem(5_242_880)).toBe('this file is 5.2 MB; a design file can be at most 5 MB');
    expect(designSizeProblem(6e6, 'it would be')).toBe('it would be 6 MB; a design file can be at most 5 MB');
  });

  it('counts UTF-8 bytes as Node does', () => {
    for (const text of ['', 'abc', 'é', '→', '😀', 'a😀é→\uFEFF', '\uD800x', 'x\uDC00']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('refuses deep nesting before parsing it', () => {
    const deep = '{"format":"deepwire-design","version":1,"nodes":' + '['.repeat(200_000) + ']'.repeat(200_000) + ',"edges":[]}';
    expect(refused(deep)).toMatch(/nested more than 64 levels deep \(at line 1, column \d+\)/);
  });

  it('refuses unknown node kinds, naming the node and the kinds it knows', () => {
    const doc = valid();
    const text = JSON.stringify({ ...doc, nodes: [...doc.nodes, { ...node('conv-1', 'dense'), kind: 'conv2d' }] });
    expect(refused(text)).toBe(
      "Node 'conv-1' has the kind 'conv2d', which this Deepwire does not know (it knows input, dense, activation, batchnorm, dropout, softmax-output, sigmoid-output, linear-output, loss); it may come from a newer version.",
    );
  });

  it('refuses duplicate node ids and duplicate edge ids', () => {
    const doc = valid();
    expect(refused(JSON.stringify({ ...doc, nodes: [...doc.nodes, node('dense-1', 'activation')] }))).toMatch(/Two nodes share the id 'dense-1'/);
    expect(refused(JSON.stringify({ ...doc, edges: [...doc.edges, { ...doc.edges[0]!, target: 'input-1' }] }))).toMatch(/Two connections share the id 'input-1--dense-1'/);
  });

  it('refuses content that does not fit the document schema, naming the field', () => {
    const doc = valid();
    const text = JSON.stringify({ ...doc, nodes: [{ ...doc.nodes[0]!, position: { x: 'left', y: 0 } }] });
    expect(refused(text)).toMatch(/^This design has invalid content: nodes\.0\.position\.x: /);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['{', 'null', '{"format":"deepwire-design","version":1}', '{"format":"deepwire-design","version":1,"nodes":7,"edges":[]}', '\u0000']) {
      expect(() => parseDesignFile(text)).not.toThrow();
      expect(parseDesignFile(text).ok).toBe(false);
    }
  });
});

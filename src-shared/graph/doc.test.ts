import { describe, expect, it } from 'vitest';
import { GraphDoc, emptyGraphDoc } from './doc';
import { chainOf, node } from './test-fixtures';

describe('GraphDoc', () => {
  it('accepts an empty document and a chain, and round-trips them through JSON', () => {
    for (const doc of [emptyGraphDoc(), chainOf(node('input-1', 'input'), node('dense-1', 'dense'))]) {
      expect(GraphDoc.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    }
  });

  it('gives each call of emptyGraphDoc its own arrays', () => {
    const a = emptyGraphDoc();
    a.nodes.push(node('input-1', 'input'));
    expect(emptyGraphDoc().nodes).toEqual([]);
  });

  it('keeps parameter values loose (a bad value is a diagnostic later) but only plain ones', () => {
    const doc = chainOf(node('dense-1', 'dense', { units: -4 }));
    expect(GraphDoc.safeParse(doc).success).toBe(true);
    const nested = { ...doc, nodes: [{ ...doc.nodes[0]!, params: { units: { value: 4 } } }] };
    expect(GraphDoc.safeParse(nested).success).toBe(false);
  });

  it('refuses ids with characters outside letters, digits, _ and -', () => {
    const doc = chainOf(node('dense 1', 'dense'));
    const parsed = GraphDoc.safeParse(doc);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('ids use letters, digits, _ and -');
  });

  it('refuses unknown keys, other formats and other versions', () => {
    expect(GraphDoc.safeParse({ ...emptyGraphDoc(), extra: 1 }).success).toBe(false);
    expect(GraphDoc.safeParse({ ...emptyGraphDoc(), format: 'other' }).success).toBe(false);
    expect(GraphDoc.safeParse({ ...emptyGraphDoc(), version: 2 }).success).toBe(false);
    expect(GraphDoc.safeParse({ ...emptyGraphDoc(), nodes: [{ ...node('a', 'dense'), position: { x: Infinity, y: 0 } }] }).success).toBe(false);
  });

  it('names a parameter whose value is null and says what a parameter may be', () => {
    const doc = chainOf({ ...node('dense-1', 'dense'), params: { units: null as unknown as number, useBias: true } });
    const parsed = GraphDoc.safeParse(doc);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['nodes.0.params.units', 'a parameter must be a number, text or true/false, not null']]);
  });
});

import { describe, expect, it } from 'vitest';
import { canConnect } from './can-connect';
import type { DiagnosticCode } from './diagnostics';
import type { GraphDoc } from './doc';
import { chainOf, docOf, edge, node } from './test-fixtures';
import { validateGraph } from './validate';

/** Input → Dense 1 → ReLU, unfinished, with loose nodes of every kind to drag between. */
const workbench = (): GraphDoc => {
  const chain = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('activation-1', 'activation'));
  return docOf(
    [
      ...chain.nodes,
      node('dense-2', 'dense', { units: 1 }),
      node('dense-3', 'dense', { units: 3 }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('softmax-output-1', 'softmax-output'),
      node('linear-output-1', 'linear-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
      node('loss-2', 'loss', { fn: 'mse' }),
      node('batchnorm-1', 'batchnorm'),
      node('input-2', 'input'),
    ],
    chain.edges,
  );
};

const refused = (doc: GraphDoc, source: string, target: string): string => {
  const check = canConnect(doc, source, target);
  if (check.ok) throw new Error(`${source} → ${target} was allowed`);
  return check.reason;
};

describe('canConnect', () => {
  it('allows the next link of a chain', () => {
    expect(canConnect(workbench(), 'activation-1', 'dense-2')).toEqual({ ok: true });
    expect(canConnect(workbench(), 'dense-2', 'sigmoid-output-1')).toEqual({ ok: true });
    expect(canConnect(workbench(), 'sigmoid-output-1', 'loss-1')).toEqual({ ok: true });
    expect(canConnect(workbench(), 'dense-3', 'batchnorm-1')).toEqual({ ok: true });
  });

  it('refuses a self-loop', () => {
    expect(refused(workbench(), 'dense-2', 'dense-2')).toMatch(/connected to itself/);
  });

  it('refuses a connection that would close a loop', () => {
    const doc = chainOf(node('dense-1', 'dense'), node('activation-1', 'activation'), node('dense-2', 'dense'));
    expect(refused(doc, 'dense-2', 'dense-1')).toBe('Connecting Dense 2 to Dense 1 would make a loop, since Dense 1 already leads to Dense 2; a network runs one way from Input to Loss.');
  });

  it('refuses a second connection into a taken input handle', () => {
    expect(refused(workbench(), 'dense-2', 'activation-1')).toBe('Activation 1 already has an input from Dense 1; a network is a chain, so remove that connection first.');
  });

  it('refuses a second connection out of a used output handle', () => {
    expect(refused(workbench(), 'dense-1', 'batchnorm-1')).toBe('Dense 1 already feeds Activation 1; a network is a chain without branches, so remove that connection first.');
  });

  it('refuses the same connection twice', () => {
    expect(refused(workbench(), 'input-1', 'dense-1')).toMatch(/already connected to Dense 1/);
  });

  it('refuses anything out of a Loss and anything into an Input', () => {
    expect(refused(workbench(), 'loss-1', 'dense-2')).toMatch(/Loss 1 ends the network/);
    expect(refused(workbench(), 'dense-2', 'input-2')).toMatch(/Input 2 is where the data enters/);
  });

  it('refuses an order the rules forbid', () => {
    expect(refused(workbench(), 'sigmoid-output-1', 'dense-2')).toMatch(/^Sigmoid output must be the last layer before the loss/);
    expect(refused(workbench(), 'dense-2', 'loss-1')).toMatch(/put a Softmax, Sigmoid or Linear output between Dense 2 and Loss 1/);
    expect(refused(workbench(), 'activation-1', 'sigmoid-output-1')).toMatch(/must follow a Dense layer/);
  });

  it('refuses a loss that does not fit the output, naming the one that does', () => {
    expect(refused(workbench(), 'softmax-output-1', 'loss-2')).toMatch(/Softmax output needs categorical cross-entropy, not mean squared error/);
    expect(refused(workbench(), 'linear-output-1', 'loss-1')).toMatch(/Linear output needs mean squared error/);
  });

  it('refuses a many-unit sigmoid feeding binary cross-entropy, from either end', () => {
    const tail = { ...workbench(), edges: [...workbench().edges, edge('sigmoid-output-1', 'loss-1')] };
    expect(refused(tail, 'dense-3', 'sigmoid-output-1')).toMatch(/Dense 3 has 3 units; set its units to 1/);
    const head = { ...workbench(), edges: [...workbench().edges, edge('dense-3', 'sigmoid-output-1')] };
    expect(refused(head, 'sigmoid-output-1', 'loss-1')).toMatch(/Dense 3 has 3 units/);
    expect(canConnect(head, 'sigmoid-output-1', 'loss-2')).toEqual({ ok: true });
  });

  it('refuses a node that is not there', () => {
    expect(refused(workbench(), 'dense-2', 'ghost')).toMatch(/no longer in the design \(ghost\)/);
  });

  // The rules a single connection can break; canConnect and validateGraph must agree on them.
  const connectionCodes = new Set<DiagnosticCode>([
    'self-loop',
    'cycle',
    'duplicate-edge',
    'input-taken',
    'output-branches',
    'input-has-no-input',
    'loss-has-no-output',
    'output-not-last',
    'loss-needs-output',
    'output-needs-dense',
    'loss-unfit',
    'sigmoid-many-units',
  ]);
  const connectionErrors = (doc: GraphDoc) =>
    new Set(
      validateGraph(doc)
        .filter((d) => d.severity === 'error' && connectionCodes.has(d.code))
        .map((d) => `${d.code}|${d.nodeId}|${d.edgeId}`),
    );

  it.each([
    ['a workbench of loose nodes', workbench()],
    ['a finished chain', chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss'))],
    ['a sigmoid tail waiting for its Dense', docOf([...workbench().nodes], [...workbench().edges, edge('sigmoid-output-1', 'loss-1')])],
  ])('agrees with validateGraph on every possible connection in %s', (_, doc) => {
    const before = connectionErrors(doc);
    for (const source of doc.nodes) {
      for (const target of doc.nodes) {
        const check = canConnect(doc, source.id, target.id);
        const after = connectionErrors({ ...doc, edges: [...doc.edges, edge(source.id, target.id, 'proposed')] });
        const introduced = [...after].filter((key) => !before.has(key));
        if (check.ok) expect(introduced, `${source.id} → ${target.id} allowed`).toEqual([]);
        else expect(introduced.length, `${source.id} → ${target.id} refused: ${check.reason}`).toBeGreaterThan(0);
      }
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { diagnosticCodes, type Diagnostic, type DiagnosticCode } from './diagnostics';
import { emptyGraphDoc, type GraphDoc, type GraphNode } from './doc';
import { chainOf, docOf, edge, node } from './test-fixtures';
import { validateGraph, type ValidateOptions } from './validate';

/** Input 2 → Dense 3 → ReLU → Dense 1 → Sigmoid output → BCE: valid, with no notes at all. */
const course = () =>
  chainOf(
    node('input-1', 'input'),
    node('dense-1', 'dense', { units: 3 }),
    node('activation-1', 'activation'),
    node('dense-2', 'dense', { units: 1 }),
    node('sigmoid-output-1', 'sigmoid-output'),
    node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
  );

const withNodes = (doc: GraphDoc, ...nodes: GraphNode[]): GraphDoc => ({ ...doc, nodes: [...doc.nodes, ...nodes] });
const withEdges = (doc: GraphDoc, ...edges: GraphDoc['edges']): GraphDoc => ({ ...doc, edges: [...doc.edges, ...edges] });
const without = (doc: GraphDoc, nodeId: string): GraphDoc => ({
  ...doc,
  nodes: doc.nodes.filter((n) => n.id !== nodeId),
  edges: doc.edges.filter((e) => e.source !== nodeId && e.target !== nodeId),
});

const exercised = new Set<DiagnosticCode>();

/** The one diagnostic with `code` (failing when there is none or several). */
function only(doc: GraphDoc, code: DiagnosticCode, options?: ValidateOptions): Diagnostic {
  const found = validateGraph(doc, options).filter((d) => d.code === code);
  expect(found, `diagnostics with code ${code}`).toHaveLength(1);
  exercised.add(code);
  return found[0]!;
}

describe('validateGraph', () => {
  it('finds nothing to say about a correct chain', () => {
    expect(validateGraph(course())).toEqual([]);
  });

  it('empty-design: says how to start', () => {
    const d = only(emptyGraphDoc(), 'empty-design');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/drag an Input.*or start from a template/);
    expect(validateGraph(emptyGraphDoc())).toHaveLength(1);
  });

  it('no-input: asks for an Input', () => {
    const d = only(without(course(), 'input-1'), 'no-input');
    expect(d.severity).toBe('error');
    expect(d.nodeId).toBeUndefined();
    expect(d.message).toMatch(/add one from the palette/);
  });

  it('multiple-inputs: the one off the chain is the extra to delete', () => {
    const d = only(withNodes(course(), node('input-2', 'input')), 'multiple-inputs');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'input-2' });
    expect(d.message).toMatch(/There are 2 Input nodes .* delete Input 2/);
  });

  it('no-output: asks for an output node after the last Dense', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('loss-1', 'loss'));
    const d = only(doc, 'no-output');
    expect(d.message).toMatch(/add a Softmax, Sigmoid or Linear output after the last Dense layer/);
  });

  it('multiple-outputs', () => {
    const d = only(withNodes(course(), node('softmax-output-1', 'softmax-output')), 'multiple-outputs');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'softmax-output-1' });
    expect(d.message).toMatch(/delete Softmax output 1/);
  });

  it('no-loss: asks for a Loss after the output', () => {
    const d = only(without(course(), 'loss-1'), 'no-loss');
    expect(d.message).toMatch(/add one after the output node/);
  });

  it('multiple-losses', () => {
    const d = only(withNodes(course(), node('loss-2', 'loss', { fn: 'mse' })), 'multiple-losses');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'loss-2' });
    expect(d.message).toMatch(/delete Loss 2/);
  });

  it('cycle: names the loop and the edge that closes it', () => {
    const doc = withEdges(
      withNodes(course(), node('dense-7', 'dense'), node('activation-7', 'activation')),
      edge('dense-7', 'activation-7'),
      edge('activation-7', 'dense-7', 'back'),
    );
    const d = only(doc, 'cycle');
    expect(d).toMatchObject({ severity: 'error', edgeId: 'back', nodeId: 'dense-7' });
    expect(d.message).toBe('The connections make a loop (Dense 7 → Activation 7 → Dense 7); a network runs one way from Input to Loss, so remove one of them.');
  });

  it('self-loop', () => {
    const doc = withEdges(withNodes(course(), node('dense-7', 'dense')), edge('dense-7', 'dense-7', 'me'));
    const d = only(doc, 'self-loop');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-7', edgeId: 'me' });
    expect(d.message).toMatch(/connected to itself; remove that connection/);
  });

  it('chain-broken: points at where the path from Input stops', () => {
    const doc = { ...course(), edges: course().edges.filter((e) => e.source !== 'dense-2') };
    const d = only(doc, 'chain-broken');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-2' });
    expect(d.message).toBe('The path from Input stops at Dense 2; connect it to the next layer so the network reaches the Loss.');
    expect(only(without(course(), 'loss-1'), 'chain-broken').message).toMatch(/stops at Sigmoid output 1; connect it to a Loss/);
  });

  it('dangling-node: a node off the path is left out of training (a warning)', () => {
    const d = only(withNodes(course(), node('dense-9', 'dense')), 'dangling-node');
    expect(d).toMatchObject({ severity: 'warning', nodeId: 'dense-9' });
    expect(d.message).toMatch(/Dense 9 is not on the path from Input to Loss.*connect it into the chain or delete it/);
  });

  it('dangling-edge: a connection to a missing node', () => {
    const d = only(withEdges(course(), edge('dense-1', 'ghost', 'lost')), 'dangling-edge');
    expect(d).toMatchObject({ severity: 'error', edgeId: 'lost' });
    expect(d.nodeId).toBeUndefined();
    expect(d.message).toMatch(/not in the design \(ghost\); delete the connection/);
  });

  it('duplicate-edge: the same connection twice', () => {
    const d = only(withEdges(course(), edge('input-1', 'dense-1', 'again')), 'duplicate-edge');
    expect(d).toMatchObject({ severity: 'error', edgeId: 'again', nodeId: 'dense-1' });
    expect(d.message).toMatch(/connected to Dense 1 twice; delete one/);
  });

  it('input-taken: two connections into one input handle', () => {
    const doc = withEdges(withNodes(course(), node('dense-9', 'dense')), edge('dense-9', 'activation-1', 'second'));
    const d = only(doc, 'input-taken');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'activation-1', edgeId: 'second' });
    expect(d.message).toMatch(/more than one incoming connection \(from Dense 1 and Dense 9\).*keep one and delete the others/);
  });

  it('output-branches: one output handle feeding two nodes', () => {
    const doc = withEdges(withNodes(course(), node('activation-9', 'activation')), edge('dense-1', 'activation-9', 'branch'));
    const d = only(doc, 'output-branches');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-1', edgeId: 'branch' });
    expect(d.message).toMatch(/feeds more than one node \(Activation 1 and Activation 9\).*keep one connection and delete the others/);
  });

  it('input-has-no-input', () => {
    const doc = withEdges(withNodes(course(), node('dense-9', 'dense')), edge('dense-9', 'input-1', 'into'));
    const d = only(doc, 'input-has-no-input');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'input-1', edgeId: 'into' });
    expect(d.message).toMatch(/remove the connection from Dense 9/);
  });

  it('loss-has-no-output', () => {
    const doc = withEdges(withNodes(course(), node('dense-9', 'dense')), edge('loss-1', 'dense-9', 'after'));
    const d = only(doc, 'loss-has-no-output');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'loss-1', edgeId: 'after' });
    expect(d.message).toMatch(/nothing can follow it; remove the connection to Dense 9/);
  });

  it('invalid-param: each bad field becomes a diagnostic on its node, naming the field', () => {
    const doc = course();
    const bad = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense-1' ? { ...n, params: { units: 5000, useBias: true } } : n)) };
    const d = only(bad, 'invalid-param');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-1', field: 'units' });
    expect(d.message).toBe('Dense 1: units can be at most 4096.');
    const missing = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'loss-1' ? { ...n, params: {} } : n)) };
    expect(only(missing, 'invalid-param').message).toBe('Loss 1: fn is missing; set fn in the inspector.');
    const extra = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'sigmoid-output-1' ? { ...n, params: { units: 2 } } : n)) };
    expect(only(extra, 'invalid-param')).toMatchObject({ field: 'units', message: 'Sigmoid output 1: units is not a parameter of Sigmoid output; remove it.' });
  });

  it('input-size-mismatch: a fixed Input disagreeing with the dataset', () => {
    const doc = course();
    const fixed = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'input-1' ? { ...n, params: { source: 'fixed', size: 3 } } : n)) };
    const d = only(fixed, 'input-size-mismatch', { inputSize: 2 });
    expect(d).toMatchObject({ severity: 'error', nodeId: 'input-1', field: 'size' });
    expect(d.message).toBe("Input 1 is fixed at 3 features but the dataset has 2; set its size to 2 or its source to the dataset.");
    // A 'dataset' Input simply takes the dataset's size.
    expect(validateGraph(doc, { inputSize: 7 })).toEqual([]);
    expect(only(doc, 'input-size-mismatch', { inputSize: 200_000 }).message).toMatch(/takes 1 to 100000/);
  });

  it('output-size-mismatch: the last Dense must have as many units as the labels have columns', () => {
    const d = only(course(), 'output-size-mismatch', { outputSize: 3 });
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-2', field: 'units' });
    expect(d.message).toBe("The dataset's labels have 3 columns but Sigmoid output 1 gets 1 unit; set Dense 2's units to 3.");
    expect(validateGraph(course(), { outputSize: 1 })).toEqual([]);
  });

  it('output-not-last: names the Dense layer to move the output after', () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 4 }),
      node('softmax-output-1', 'softmax-output'),
      node('activation-1', 'activation'),
      node('dense-3', 'dense', { units: 3 }),
      node('loss-1', 'loss'),
    );
    const d = only(doc, 'output-not-last');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'softmax-output-1', edgeId: 'softmax-output-1--activation-1' });
    expect(d.message).toBe('Softmax output must be the last layer before the loss; move it after Dense 3 and connect it straight to the Loss.');
  });

  it('loss-needs-output', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('loss-1', 'loss', { fn: 'mse' }));
    const d = only(doc, 'loss-needs-output');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'loss-1', edgeId: 'dense-1--loss-1' });
    expect(d.message).toBe('The Loss must follow an output node; put a Softmax, Sigmoid or Linear output between Dense 1 and Loss 1.');
  });

  it('output-needs-dense: an output node straight after an Activation', () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 1 }),
      node('activation-1', 'activation', { fn: 'sigmoid' }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
    );
    const d = only(doc, 'output-needs-dense');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'sigmoid-output-1', edgeId: 'activation-1--sigmoid-output-1' });
    expect(d.message).toMatch(/must follow a Dense layer, whose units are the output size \(the output node applies its own activation\); connect a Dense layer straight into it/);
  });

  it('loss-unfit: softmax with MSE is refused, naming categorical cross-entropy', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss', { fn: 'mse' }));
    const d = only(doc, 'loss-unfit');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'loss-1', edgeId: 'softmax-output-1--loss-1' });
    expect(d.message).toBe("Softmax output needs categorical cross-entropy, not mean squared error; set Loss 1's function to categorical cross-entropy.");
    const linear = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('linear-output-1', 'linear-output'), node('loss-1', 'loss', { fn: 'binary-crossentropy' }));
    expect(only(linear, 'loss-unfit').message).toMatch(/Linear output needs mean squared error.*or use a Sigmoid output/);
  });

  it('softmax-one-unit: a warning that suggests sigmoid', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss'));
    const d = only(doc, 'softmax-one-unit');
    expect(d).toMatchObject({ severity: 'warning', nodeId: 'softmax-output-1' });
    expect(d.message).toMatch(/use a Sigmoid output with binary cross-entropy/);
  });

  it('sigmoid-many-units: binary cross-entropy on a 3-unit sigmoid', () => {
    const doc = course();
    const wide = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense-2' ? { ...n, params: { units: 3, useBias: true } } : n)) };
    const d = only(wide, 'sigmoid-many-units');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'sigmoid-output-1' });
    expect(d.message).toMatch(/Dense 2 has 3 units; set its units to 1, or use a Softmax output with categorical cross-entropy for 3 classes/);
    // With MSE, several sigmoid units are fine (each squashed independently).
    const mse = { ...wide, nodes: wide.nodes.map((n) => (n.id === 'loss-1' ? { ...n, params: { fn: 'mse' } } : n)) };
    expect(validateGraph(mse)).toEqual([]);
  });

  it('dense-without-activation: two Dense layers in a row collapse into one linear map', () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 4 }),
      node('dropout-1', 'dropout'),
      node('activation-1', 'activation', { fn: 'linear' }),
      node('dense-2', 'dense', { units: 1 }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
    );
    const d = only(doc, 'dense-without-activation');
    expect(d).toMatchObject({ severity: 'warning', nodeId: 'dense-1' });
    expect(d.message).toMatch(/add an Activation \(ReLU, tanh\) after Dense 1/);
  });

  it('too-many-layers: the model spec takes at most 256', () => {
    const dropouts = Array.from({ length: 256 }, (_, i) => node(`dropout-${i + 1}`, 'dropout'));
    const doc = chainOf(node('input-1', 'input'), ...dropouts, node('dense-1', 'dense', { units: 1 }), node('sigmoid-output-1', 'sigmoid-output'), node('loss-1', 'loss', { fn: 'mse' }));
    const d = only(doc, 'too-many-layers');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'input-1' });
    expect(d.message).toBe('The chain has 257 layers; Deepwire trains at most 256, so remove 1.');
  });

  it('too-many-parameters: estimates memory and names the widest layer', () => {
    const doc = chainOf(
      node('input-1', 'input', { source: 'fixed', size: 100_000 }),
      node('dense-1', 'dense', { units: 4096 }),
      node('activation-1', 'activation'),
      node('dense-2', 'dense', { units: 1 }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
    );
    const d = only(doc, 'too-many-parameters');
    // 100000·4096 + 4096 + 4096·1 + 1 = 409,608,193 parameters; × 16 bytes = 6,553,731,088 bytes ≈ 6.1 GB.
    expect(d).toMatchObject({ severity: 'error', nodeId: 'dense-1' });
    expect(d.message).toBe(
      "This network has 409,608,193 parameters (about 6.1 GB for weights, gradients and Adam's state), over the limit of 50,000,000; use fewer units, starting with Dense 1.",
    );
    // The course network has 3·2+3 + 3+1 = 13 parameters: over a limit of 12, under 13.
    expect(only(course(), 'too-many-parameters', { maxParameters: 12 }).message).toMatch(/has 13 parameters/);
    expect(validateGraph(course(), { maxParameters: 13 })).toEqual([]);
  });

  it("bias-dropped: a note on a Dense feeding batch norm, since β does the bias's job", () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 4 }),
      node('batchnorm-1', 'batchnorm'),
      node('activation-1', 'activation'),
      node('dense-2', 'dense', { units: 1 }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
    );
    const d = only(doc, 'bias-dropped');
    expect(d).toMatchObject({ severity: 'info', nodeId: 'dense-1', field: 'useBias' });
    expect(d.message).toBe("Dense 1 feeds Batch norm 1, so its bias is dropped: batch norm's β does that job.");
    const noBias = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense-1' ? { ...n, params: { units: 4, useBias: false } } : n)) };
    expect(validateGraph(noBias)).toEqual([]);
  });

  it('never throws on a tangle of every problem at once', () => {
    const doc = docOf(
      [node('a', 'loss'), node('b', 'input'), node('c', 'softmax-output'), node('d', 'dense', { units: -1 }), node('e', 'input')],
      [edge('a', 'b'), edge('b', 'a'), edge('c', 'c'), edge('d', 'c'), edge('c', 'd'), edge('e', 'zz'), edge('e', 'd'), edge('b', 'd')],
    );
    const diagnostics = validateGraph(doc);
    expect(diagnostics.length).toBeGreaterThan(5);
    for (const d of diagnostics) expect(d.message).toMatch(/[.]$/);
  });

  afterAll(() => {
    // Every rule has its own test above.
    expect([...exercised].sort()).toEqual([...diagnosticCodes].sort());
  });
});

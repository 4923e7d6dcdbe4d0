/**
 * The node registry: one entry per node kind, keyed by the stable string a design file carries.
 * Each entry says what the node is (in the course's terms), which parameters it takes and how
 * it shows on a card. Validation, shape inference, compile and the palette all read from here.
 */
import { z } from 'zod';
import { activations } from '../engine/activations';
import { boundedNumber, bounds } from '../engine/bounds';
import { activationKinds, lossKinds, type ActivationKind, type LossKind } from '../engine/spec';
import { nodeKinds, type GraphNode, type NodeKind } from './doc';

export const InputParams = z
  .object({
    /** 'dataset': the chosen dataset's feature count decides the size at compile time; 'fixed': `size` is binding. */
    source: z.enum(['dataset', 'fixed']),
    size: boundedNumber('size', bounds.inputSize),
  })
  .strict();
export const DenseParams = z
  .object({
    units: boundedNumber('units', bounds.units),
    useBias: z.boolean(),
  })
  .strict();
export const ActivationParams = z
  .object({
    fn: z.enum(activationKinds),
    /** The leaky-ReLU slope for z < 0; kept for every function so switching back restores it. */
    alpha: boundedNumber('alpha', bounds.leakyAlpha),
  })
  .strict();
export const BatchNormParams = z
  .object({
    momentum: boundedNumber('momentum', bounds.batchNormMomentum),
    epsilon: boundedNumber('epsilon', bounds.batchNormEpsilon),
  })
  .strict();
export const DropoutParams = z
  .object({ keepProb: boundedNumber('keepProb', bounds.keepProb) })
  .strict();
export const NoParams = z.object({}).strict();
export const LossParams = z.object({ fn: z.enum(lossKinds) }).strict();

export type InputParams = z.infer<typeof InputParams>;
export type DenseParams = z.infer<typeof DenseParams>;
export type ActivationParams = z.infer<typeof ActivationParams>;
export type BatchNormParams = z.infer<typeof BatchNormParams>;
export type DropoutParams = z.infer<typeof DropoutParams>;
export type NoParams = z.infer<typeof NoParams>;
export type LossParams = z.infer<typeof LossParams>;

/** The parameter object of each kind, after validation. */
export interface ParamsByKind {
  input: InputParams;
  dense: DenseParams;
  activation: ActivationParams;
  batchnorm: BatchNormParams;
  dropout: DropoutParams;
  'softmax-output': NoParams;
  'sigmoid-output': NoParams;
  'linear-output': NoParams;
  loss: LossParams;
}

/** Where a kind sits in the chain; the palette groups by it and the order rules read it. */
export type NodeRole = 'input' | 'layer' | 'output' | 'loss';

export interface NodeKindInfo<K extends NodeKind = NodeKind> {
  kind: K;
  label: string;
  /** One line, in the course's terms, for the palette and the inspector. */
  doc: string;
  role: NodeRole;
  schema: z.ZodType<ParamsByKind[K]>;
  defaults: ParamsByKind[K];
  inputs: 0 | 1;
  outputs: 0 | 1;
  /** A short phrase for node cards and accessible labels, e.g. "Dense, 10 units". */
  summary(params: ParamsByKind[K]): string;
}

const lossNames: Record<LossKind, string> = {
  'categorical-crossentropy': 'categorical cross-entropy',
  'binary-crossentropy': 'binary cross-entropy',
  mse: 'mean squared error',
};

export function activationName(fn: ActivationKind): string {
  return activations[fn].label;
}

export function lossName(fn: LossKind): string {
  return lossNames[fn];
}

export const nodeRegistry: { readonly [K in NodeKind]: NodeKindInfo<K> } = {
  input: {
    kind: 'input',
    label: 'Input',
    doc: 'The feature vector x of one example; a mini-batch of m examples flows on as [m, n_x].',
    role: 'input',
    schema: InputParams,
    defaults: { source: 'dataset', size: 2 },
    inputs: 0,
    outputs: 1,
    summary: (p) => `Input, ${p.size} feature${p.size === 1 ? '' : 's'}${p.source === 'fixed' ? ', fixed' : ''}`,
  },
  dense: {
    kind: 'dense',
    label: 'Dense',
    doc: 'A fully connected layer: Z = A_prev·W + b, one row per example, with W of shape [inputs, units].',
    role: 'layer',
    schema: DenseParams,
    defaults: { units: 10, useBias: true },
    inputs: 1,
    outputs: 1,
    summary: (p) => `Dense, ${p.units} unit${p.units === 1 ? '' : 's'}${p.useBias ? '' : ', no bias'}`,
  },
  activation: {
    kind: 'activation',
    label: 'Activation',
    doc: 'A non-linearity g(Z) applied element-wise; without one, stacked Dense layers collapse into one linear map.',
    role: 'layer',
    schema: ActivationParams,
    defaults: { fn: 'relu', alpha: 0.01 },
    inputs: 1,
    outputs: 1,
    summary: (p) => `Activation, ${activations[p.fn].label}${activations[p.fn].usesAlpha ? ` (α ${p.alpha})` : ''}`,
  },
  batchnorm: {
    kind: 'batchnorm',
    label: 'Batch norm',
    doc: 'Normalizes Z over the mini-batch to mean 0 and variance 1, then scales by γ and shifts by β (learned).',
    role: 'layer',
    schema: BatchNormParams,
    defaults: { momentum: 0.9, epsilon: 1e-5 },
    inputs: 1,
    outputs: 1,
    summary: (p) => `Batch norm, momentum ${p.momentum}`,
  },
  dropout: {
    kind: 'dropout',
    label: 'Dropout',
    doc: 'Inverted dropout: keeps each unit with probability keep_prob while training and divides by it; off at test time.',
    role: 'layer',
    schema: DropoutParams,
    defaults: { keepProb: 0.8 },
    inputs: 1,
    outputs: 1,
    summary: (p) => `Dropout, keep ${p.keepProb}`,
  },
  'softmax-output': {
    kind: 'softmax-output',
    label: 'Softmax output',
    doc: 'Turns the last Dense layer’s C scores into probabilities over C classes; pairs with categorical cross-entropy.',
    role: 'output',
    schema: NoParams,
    defaults: {},
    inputs: 1,
    outputs: 1,
    summary: () => 'Softmax output',
  },
  'sigmoid-output': {
    kind: 'sigmoid-output',
    label: 'Sigmoid output',
    doc: 'Squashes the last Dense layer’s output to a probability ŷ in (0, 1) for binary classification.',
    role: 'output',
    schema: NoParams,
    defaults: {},
    inputs: 1,
    outputs: 1,
    summary: () => 'Sigmoid output',
  },
  'linear-output': {
    kind: 'linear-output',
    label: 'Linear output',
    doc: 'Passes the last Dense layer’s output through unchanged, for regression; pairs with mean squared error.',
    role: 'output',
    schema: NoParams,
    defaults: {},
    inputs: 1,
    outputs: 1,
    summary: () => 'Linear output',
  },
  loss: {
    kind: 'loss',
    label: 'Loss',
    doc: 'The cost J the optimizer minimizes: the average loss between the predictions ŷ and the labels y.',
    role: 'loss',
    schema: LossParams,
    defaults: { fn: 'categorical-crossentropy' },
    inputs: 1,
    outputs: 0,
    summary: (p) => `Loss, ${lossNames[p.fn]}`,
  },
};

/** The entry for a kind, typed loosely for code that handles every kind alike. */
export function nodeKindInfo(kind: NodeKind): NodeKindInfo {
  return nodeRegistry[kind] as unknown as NodeKindInfo;
}

/** Kinds in palette order. */
export const paletteKinds: readonly NodeKind[] = nodeKinds;

/** A fresh copy of a kind's default parameters. */
export function defaultParams<K extends NodeKind>(kind: K): ParamsByKind[K] {
  return { ...nodeRegistry[kind].defaults };
}

/** A parameter problem, naming the field so the inspector can put the message beside it. */
export interface ParamIssue {
  /** The parameter's name, or '' when the problem is with the object as a whole (an unknown key). */
  field: string;
  message: string;
}

export type ParamsResult<K extends NodeKind> = { ok: true; params: ParamsByKind[K] } | { ok: false, issues: ParamIssue[] };

/** Checks raw parameters against the kind's schema, each problem naming its field. */
export function readParams<K extends NodeKind>(kind: K, params: unknown): ParamsResult<K> {
  const parsed = nodeRegistry[kind].schema.safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data as ParamsByKind[K] };
  const issues: ParamIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: key, message: `${key} is not a parameter of ${nodeRegistry[kind].label}` });
      continue;
    }
    const field = issue.path.map(String).join('.');
    const value = field && typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[field] : undefined;
    issues.push({ field, message: issueMessage(issue, field, value) });
  }
  return { ok: false, issues };
}

/** Our schemas word range problems themselves; zod's wording for the rest is replaced by plain sentences. */
function issueMessage(issue: z.core.$ZodIssue, field: string, value: unknown): string {
  if (!field) return issue.message;
  if (value === undefined) return `${field} is missing`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'boolean' ? 'true or false' : issue.expected === 'number' ? 'a number' : issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`;
    return `${field} must be ${expected}`;
  }
  if (issue.code === 'invalid_value') return `${field} must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
}

/** The card text for a node: its summary, or just its label when its parameters are invalid. */
export function describeNode(node: Pick<GraphNode, 'kind' | 'params'>): string {
  const read = readParams(node.kind, node.params);
  if (!read.ok) return nodeRegistry[node.kind].label;
  return nodeKindInfo(node.kind).summary(read.params);
}

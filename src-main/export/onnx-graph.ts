/**
 * A model document as an ONNX graph (plain protobuf-shaped objects; onnx.ts encodes them): the
 * input normalization as Sub/Div nodes, so the model takes the raw features a person has; each
 * layer in the design's order, named as Deepwire names it; the output activation. Inference only:
 * dropout is the identity there (inverted dropout needs no rescaling) and batch norm uses its
 * running statistics, exactly as the engine's predict does.
 */
import type { onnx } from 'onnx-proto';
import { Normalizer } from '@shared/data/normalize';
import { DEFAULT_LEAKY_ALPHA } from '@shared/engine/activations';
import type { ModelDocument } from '@shared/engine/model-document';
import { layerNames } from '@shared/engine/naming';
import { layerOutputSizes, type ActivationKind, type LayerSpec, type OutputKind } from '@shared/engine/spec';
import { weightProblems } from '@shared/engine/weights';

/** The graph's input: raw features, one row per example. */
export const ONNX_INPUT = 'features';
/** The last layer's output before the output activation. */
export const ONNX_LOGITS = 'logits';
/** The model's answer: class probabilities (softmax, sigmoid) or the values of a linear output. */
export function onnxOutputName(output: OutputKind): string {
  return output === 'linear' ? 'outputs' : 'probabilities';
}
/** The free batch dimension's name. */
export const ONNX_BATCH = 'batch';

/** ONNX's TensorProto.DataType.FLOAT and AttributeProto.AttributeType FLOAT / INT. */
const FLOAT = 1;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

export interface GraphParts {
  nodes: onnx.INodeProto[];
  initializers: onnx.ITensorProto[];
  input: onnx.IValueInfoProto;
  outputs: onnx.IValueInfoProto[];
}

/**
 * Why this document cannot become an ONNX model (weights that do not fit the network, a
 * normalization that is not one Deepwire writes, or one fitted on a different number of features),
 * or null. Every layer kind the spec allows has an ONNX form, so the spec itself is never the reason.
 */
export function onnxProblem(doc: ModelDocument): string | null {
  const problems = weightProblems(doc.spec, doc.weights);
  if (problems.length > 0) return `its weights do not match its network: ${problems.join(' ')}`;
  const normalizer = Normalizer.safeParse(doc.normalization);
  if (!normalizer.success) {
    const issue = normalizer.error.issues[0];
    return `its input normalization is damaged (${issue && issue.path.length > 0 ? issue.path.join('.') : 'normalization'}: ${issue?.message ?? 'invalid'})`;
  }
  const n = normalizer.data;
  const lengths = n.kind === 'zscore' ? [n.mean.length, n.std.length] : n.kind === 'minmax' ? [n.min.length, n.max.length] : [];
  if (lengths.some((length) => length !== doc.spec.inputSize)) {
    return `its ${n.kind} normalization covers ${lengths.join('/')} features but the network takes ${doc.spec.inputSize}`;
  }
  return null;
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  // floatData is packed float32 on the wire: the values are rounded exactly as the engine's Float32Array holds them.
  return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

function node(opType: string, inputs: string[], output: string, name: string, attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input: inputs, output: [output], name, attribute };
}

const floatAttribute = (name: string, f: number): onnx.IAttributeProto => ({ name, type: ATTRIBUTE_FLOAT, f });
const intAttribute = (name: string, i: number): onnx.IAttributeProto => ({ name, type: ATTRIBUTE_INT, i });

function valueInfo(name: string, width: number): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: ONNX_BATCH }, { dimValue: width }] } } } };
}

const activationOps: Record<ActivationKind, string> = { relu: 'Relu', 'leaky-relu': 'LeakyRelu', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: 'Identity' };

/** The graph's nodes, initializers, input and outputs. Throws an Error saying why when the document cannot be exported. */
export function onnxGraphParts(doc: ModelDocument): GraphParts {
  const problem = onnxProblem(doc);
  if (problem) throw new Error(`This model cannot be exported to ONNX: ${problem}.`);
  const { spec, weights } = doc;
  const normalizer = Normalizer.parse(doc.normalization);
  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  const values = (name: string) => weights[name]!.values;

  let current = ONNX_INPUT;
  if (normalizer.kind !== 'none') {
    // applyNormalizer: x' = (x − offset)/scale, zscore (mean, std), minmax (min, max − min). The
    // range is taken in double precision, as applyNormalizer does, and not guarded: fitNormalizer
    // already widens a constant feature's range to 1, and a document with a zero range divides by
    // zero in Deepwire too.
    const offset = normalizer.kind === 'zscore' ? normalizer.mean : normalizer.min;
    const scale = normalizer.kind === 'zscore' ? normalizer.std : normalizer.max.map((high, f) => high - normalizer.min[f]!);
    initializers.push(tensor('normalization.offset', [spec.inputSize], offset), tensor('normalization.scale', [spec.inputSize], scale));
    nodes.push(node('Sub', [current, 'normalization.offset'], 'normalization.centred', 'normalization.sub'));
    nodes.push(node('Div', ['normalization.centred', 'normalization.scale'], 'normalized', 'normalization.div'));
    current = 'normalized';
  }

  const names = layerNames(spec);
  const sizes = layerOutputSizes(spec);
  const last = spec.layers.length - 1;
  spec.layers.forEach((layer: LayerSpec, index) => {
    const name = names[index]!;
    // The last layer writes the logits; the others write "<layer>.out".
    const out = index === last ? ONNX_LOGITS : `${name}.out`;
    switch (layer.kind) {
      case 'dense': {
        // Z = X·W + b with W fan_in × fan_out, which is Gemm's B as it is (transB = 0); no bias, no C.
        const w = `${name}.W`;
        initializers.push(tensor(w, [weights[w]!.rows, weights[w]!.cols], values(w)));
        const inputs = [current, w];
        if (layer.useBias) {
          initializers.push(tensor(`${name}.b`, [layer.units], values(`${name}.b`)));
          inputs.push(`${name}.b`);
        }
        nodes.push(node('Gemm', inputs, out, name));
        break;
      }
      case 'activation': {
        const attributes = layer.fn === 'leaky-relu' ? [floatAttribute('alpha', layer.alpha ?? DEFAULT_LEAKY_ALPHA)] : [];
        nodes.push(node(activationOps[layer.fn], [current], out, name, attributes));
        break;
      }
      case 'batchnorm': {
        // Inference form, the engine's: y = γ·(x − running μ)/√(running σ² + ε) + β, over each
        // column of the [batch, C] input — ONNX's channel axis 1. The running σ² is the biased
        // (1/m) batch variance averaged, used as it is.
        const width = sizes[index]!;
        const parts = ['gamma', 'beta', 'runningMean', 'runningVar'].map((part) => `${name}.${part}`);
        for (const part of parts) initializers.push(tensor(part, [width], values(part)));
        nodes.push(node('BatchNormalization', [current, ...parts], out, name, [floatAttribute('epsilon', layer.epsilon), floatAttribute('momentum', layer.momentum)]));
        break;
      }
      case 'dropout':
        // Inverted dropout is the identity at inference. Only a last layer needs a node, to name the logits.
        if (index === last) nodes.push(node('Identity', [current], out, name));
        else return;
        break;
      default:
        throw new Error(`This model cannot be exported to ONNX: its layer ${index + 1} is of kind "${(layer as { kind: string }).kind}", which Deepwire's ONNX exporter does not know.`);
    }
    current = out;
  });

  const units = sizes.at(-1)!;
  const output = onnxOutputName(spec.output.activation);
  switch (spec.output.activation) {
    case 'softmax':
      // Over the units of each row, as the engine's softmaxRows.
      nodes.push(node('Softmax', [ONNX_LOGITS], output, 'output', [intAttribute('axis', 1)]));
      break;
    case 'sigmoid':
      nodes.push(node('Sigmoid', [ONNX_LOGITS], output, 'output'));
      break;
    case 'linear':
      nodes.push(node('Identity', [ONNX_LOGITS], output, 'output'));
      break;
  }
  return { nodes, initializers, input: valueInfo(ONNX_INPUT, spec.inputSize), outputs: [valueInfo(output, units), valueInfo(ONNX_LOGITS, units)] };
}

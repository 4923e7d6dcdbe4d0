/**
 * A trained model as an ONNX file (issue 14): the graph of onnx-graph.ts, encoded with onnx-proto
 * (protobufjs' static module of the official onnx.proto), opset 13 at IR version 7 — old enough
 * for every maintained runtime, new enough for Softmax over one axis and Gemm without a bias.
 * The metadata says where the model came from and what its inputs and outputs mean.
 */
import onnxProto from 'onnx-proto';
import type { ModelDocument } from '@shared/engine/model-document';
import { onnxGraphParts } from './onnx-graph';

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 7;

/** Keys of the model's metadata_props. */
export const onnxMetadataKeys = {
  name: 'deepwire.design',
  version: 'deepwire.version',
  featureNames: 'deepwire.featureNames',
  classNames: 'deepwire.classNames',
  normalization: 'deepwire.normalization',
  output: 'deepwire.output',
} as const;

const stringList = (value: unknown): string[] | null => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null);

function metadata(doc: ModelDocument, about: { name: string; version: string }): { key: string; value: string }[] {
  const entries: { key: string; value: string }[] = [
    { key: onnxMetadataKeys.name, value: about.name },
    { key: onnxMetadataKeys.version, value: about.version },
    { key: onnxMetadataKeys.normalization, value: doc.normalization.kind },
    { key: onnxMetadataKeys.output, value: doc.spec.output.activation },
  ];
  // Known for CSV and packaged data; generated data sets have neither.
  const featureNames = stringList(doc.metadata.training.featureNames);
  const classNames = stringList(doc.metadata.training.classNames);
  if (featureNames) entries.push({ key: onnxMetadataKeys.featureNames, value: JSON.stringify(featureNames) });
  if (classNames) entries.push({ key: onnxMetadataKeys.classNames, value: JSON.stringify(classNames) });
  return entries;
}

/** The .onnx file's bytes. Throws an Error saying why when the document cannot be exported (damaged weights or normalization). */
export function onnxModel(doc: ModelDocument, about: { name: string; version: string }): Uint8Array {
  const { nodes, initializers, input, outputs } = onnxGraphParts(doc);
  const normalized = doc.normalization.kind === 'none' ? 'raw features' : `raw features (the ${doc.normalization.kind} normalization is in the graph)`;
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Deepwire',
    producerVersion: about.version,
    docString: `${about.name}, exported from Deepwire ${about.version}. Input "${input.name}": ${normalized}; outputs "${outputs[0]!.name}" and "${outputs[1]!.name}".`,
    graph: { name: about.name, node: nodes, initializer: initializers, input: [input], output: outputs },
    metadataProps: metadata(doc, about),
  });
  return onnx.ModelProto.encode(model).finish();
}

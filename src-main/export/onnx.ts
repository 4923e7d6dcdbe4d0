/** Scaffold: the ONNX exporter (issue 14) is being written. */
import type { ModelDocument } from '@shared/engine/model-document';

export function onnxModel(_doc: ModelDocument, _about: { name: string; version: string }): Uint8Array {
  throw new Error('ONNX export is not built yet.');
}

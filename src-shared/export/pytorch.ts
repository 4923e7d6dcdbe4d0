/** Scaffold: the pytorch script exporter (issue 14) is being written. */
import type { ModelDocument } from '../engine/model-document';

export function pytorchScript(_doc: ModelDocument, _about: { name: string; version: string; sidecar: string }): string {
  throw new Error('pytorch export is not built yet.');
}

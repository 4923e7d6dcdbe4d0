/** Scaffold: the keras script exporter (issue 14) is being written. */
import type { ModelDocument } from '../engine/model-document';

export function kerasScript(_doc: ModelDocument, _about: { name: string; version: string; sidecar: string }): string {
  throw new Error('keras export is not built yet.');
}

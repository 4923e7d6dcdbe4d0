/**
 * The payload of a palette drag: the node kind, under a type of our own so other drags (files,
 * text from elsewhere) are ignored. A drop is outside input, so the kind is checked on arrival.
 */
import { nodeKinds, type NodeKind } from '@shared/graph';

export const kindMimeType = 'application/x-deepwire-kind';

/** The parts of DataTransfer used here, so tests can pass a plain object. */
export interface DragData {
  readonly types: readonly string[];
  getData(type: string): string;
  setData(type: string, data: string): void;
  effectAllowed: string;
}

export function startKindDrag(data: DragData, kind: NodeKind): void {
  data.setData(kindMimeType, kind);
  data.setData('text/plain', kind);
  data.effectAllowed = 'copy';
}

/** Whether a drag carries a node kind (during dragover only the types can be read). */
export function carriesKind(data: Pick<DragData, 'types'> | null): boolean {
  return data !== null && Array.from(data.types).includes(kindMimeType);
}

/** The dropped kind, or null when the drop is not a valid node kind. */
export function droppedKind(data: Pick<DragData, 'getData'> | null): NodeKind | null {
  const value = data?.getData(kindMimeType) ?? '';
  return (nodeKinds as readonly string[]).includes(value) ? (value as NodeKind) : null;
}

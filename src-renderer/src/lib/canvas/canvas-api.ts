import type { Position } from '@shared/graph';

/** What the rest of the app may ask of the canvas (handed out once it is mounted). */
export interface CanvasApi {
  /** The centre of the visible canvas, in flow coordinates. */
  centre(): Position;
  /** The canvas size in pixels. */
  size(): { width: number; height: number };
  fitView(): void;
  /** Brings a node into view and gives it keyboard focus. */
  focusNode(id: string): Promise<void>;
}

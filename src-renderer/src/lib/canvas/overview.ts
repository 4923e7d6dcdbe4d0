/**
 * When the mini map earns its place: only while part of the design is out of view. Otherwise it
 * would just sit on top of the cards in the corner it covers.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface ViewTransform {
  x: number;
  y: number;
  zoom: number;
}

/** Whether `bounds` (flow coordinates) reaches outside a canvas of `size` pixels under `view`. */
export function extendsBeyondView(bounds: Rect | null, view: ViewTransform, size: { width: number; height: number }): boolean {
  if (!bounds || bounds.width <= 0 || bounds.height <= 0 || size.width <= 0 || size.height <= 0) return false;
  const left = bounds.x * view.zoom + view.x;
  const top = bounds.y * view.zoom + view.y;
  const right = (bounds.x + bounds.width) * view.zoom + view.x;
  const bottom = (bounds.y + bounds.height) * view.zoom + view.y;
  // Half a pixel of slack: fitView lands on fractional positions.
  return left < -0.5 || top < -0.5 || right > size.width + 0.5 || bottom > size.height + 0.5;
}

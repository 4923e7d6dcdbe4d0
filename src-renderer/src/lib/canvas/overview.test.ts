import { describe, expect, it } from 'vitest';
import { extendsBeyondView } from './overview';

describe('extendsBeyondView', () => {
  const size = { width: 800, height: 600 };
  it('is false while everything is on screen', () => {
    // Flow box (0,0)–(500,300) at zoom 1.5 shifted by (10,20) → screen (10,20)–(760,470).
    expect(extendsBeyondView({ x: 0, y: 0, width: 500, height: 300 }, { x: 10, y: 20, zoom: 1.5 }, size)).toBe(false);
  });
  it('is true when any side leaves the canvas', () => {
    // Right edge: 500·1.6 + 10 = 810 > 800.
    expect(extendsBeyondView({ x: 0, y: 0, width: 500, height: 300 }, { x: 10, y: 20, zoom: 1.6 }, size)).toBe(true);
    // Left edge: −10·1 + 5 = −5 < 0.
    expect(extendsBeyondView({ x: -10, y: 0, width: 10, height: 10 }, { x: 5, y: 0, zoom: 1 }, size)).toBe(true);
  });
  it('is false with nothing to show or no canvas yet', () => {
    expect(extendsBeyondView(null, { x: 0, y: 0, zoom: 1 }, size)).toBe(false);
    expect(extendsBeyondView({ x: 0, y: 0, width: 5000, height: 10 }, { x: 0, y: 0, zoom: 1 }, { width: 0, height: 0 })).toBe(false);
  });
});

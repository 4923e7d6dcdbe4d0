import { describe, expect, it } from 'vitest';
import type { Line } from './line-chart';
import { RedrawGate } from './redraw-gate';

const line = (key: string, ys: number[]): Line => ({ key, label: key, color: '#000000', data: ys.map((y, i) => ({ x: i + 1, y })) });

describe('RedrawGate', () => {
  it('skips a frame that adds nothing and redraws when a line grows, comes or goes', () => {
    const gate = new RedrawGate();
    expect(gate.changed([line('a', [1, 2])], 0)).toBe(true);
    expect(gate.changed([line('a', [1, 2])], 0)).toBe(false);
    expect(gate.changed([line('a', [1, 2, 3])], 0)).toBe(true);
    expect(gate.changed([line('a', [1, 2, 3]), line('b', [])], 0)).toBe(true);
  });

  it('redraws recomputed curves of the same length (a new EWA β on a finished run)', () => {
    const gate = new RedrawGate();
    expect(gate.changed([line('ewa', [4, 2.67, 1.71])], 0)).toBe(true);
    // β changed: same steps, other averages — the generation says so.
    expect(gate.changed([line('ewa', [4, 3.1, 2.2])], 1)).toBe(true);
    expect(gate.changed([line('ewa', [4, 3.1, 2.2])], 1)).toBe(false);
  });

  it('redraws after invalidate (a theme change)', () => {
    const gate = new RedrawGate();
    gate.changed([line('a', [1])], 0);
    gate.invalidate();
    expect(gate.changed([line('a', [1])], 0)).toBe(true);
  });
});

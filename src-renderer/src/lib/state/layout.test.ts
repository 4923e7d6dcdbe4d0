import { describe, expect, it } from 'vitest';
import { MemoryStorage } from './fakes';
import { KEY_STEP, LAYOUT_STORAGE_KEY, LayoutState, defaultLimits } from './layout.svelte';

const { left, right, bottom } = defaultLimits;

describe('LayoutState', () => {
  it('starts at the initial sizes', () => {
    const layout = new LayoutState({ storage: new MemoryStorage() });
    expect(layout.sizes).toEqual({ left: left.initial, right: right.initial, bottom: bottom.initial });
  });

  it('clamps sizes to each panel’s min and max', () => {
    const layout = new LayoutState({ storage: null });
    expect(layout.resize('left', 10)).toBe(left.min);
    expect(layout.resize('left', 10_000)).toBe(left.max);
    expect(layout.resize('bottom', -50)).toBe(bottom.min);
    expect(layout.resize('right', Number.NaN)).toBe(right.initial);
    expect(layout.resize('right', 300.6)).toBe(301);
  });

  it('resizes by a delta, within limits', () => {
    const layout = new LayoutState({ storage: null });
    layout.resizeBy('left', 40);
    expect(layout.sizes.left).toBe(left.initial + 40);
    layout.resizeBy('left', -1000);
    expect(layout.sizes.left).toBe(left.min);
  });

  it('turns pointer drags into growth on the side each splitter faces', () => {
    const layout = new LayoutState({ storage: null });
    layout.drag('left', 250, 30); // splitter dragged right: left panel grows
    expect(layout.sizes.left).toBe(280);
    layout.drag('right', 300, 30); // splitter dragged right: right panel shrinks
    expect(layout.sizes.right).toBe(270);
    layout.drag('bottom', 200, -40); // splitter dragged up: bottom panel grows
    expect(layout.sizes.bottom).toBe(240);
    layout.drag('left', 250, 5000);
    expect(layout.sizes.left).toBe(left.max);
  });

  it('moves splitters by keyboard: arrows step, Shift steps further, Home and End jump to the limits', () => {
    const layout = new LayoutState({ storage: null });
    expect(layout.step('left', 'ArrowRight')).toBe(true);
    expect(layout.sizes.left).toBe(left.initial + KEY_STEP);
    layout.step('left', 'ArrowLeft');
    layout.step('left', 'ArrowLeft');
    expect(layout.sizes.left).toBe(left.initial - KEY_STEP);
    layout.step('left', 'ArrowRight', true);
    expect(layout.sizes.left).toBe(left.initial + 3 * KEY_STEP);

    layout.step('right', 'ArrowLeft'); // moves the splitter left: the right panel grows
    expect(layout.sizes.right).toBe(right.initial + KEY_STEP);

    layout.step('bottom', 'ArrowUp'); // moves the splitter up: the bottom panel grows
    expect(layout.sizes.bottom).toBe(bottom.initial + KEY_STEP);
    layout.step('bottom', 'ArrowDown');
    expect(layout.sizes.bottom).toBe(bottom.initial);

    expect(layout.step('left', 'Home')).toBe(true);
    expect(layout.sizes.left).toBe(left.min);
    expect(layout.step('left', 'End')).toBe(true);
    expect(layout.sizes.left).toBe(left.max);
    expect(layout.step('left', 'ArrowRight')).toBe(true);
    expect(layout.sizes.left).toBe(left.max);
  });

  it('leaves keys off the splitter’s axis and unrelated keys unhandled', () => {
    const layout = new LayoutState({ storage: null });
    expect(layout.step('left', 'ArrowUp')).toBe(false);
    expect(layout.step('bottom', 'ArrowLeft')).toBe(false);
    expect(layout.step('left', 'Enter')).toBe(false);
    expect(layout.sizes.left).toBe(left.initial);
  });

  it('persists sizes and restores them, clamped, in a new instance', () => {
    const storage = new MemoryStorage();
    const first = new LayoutState({ storage });
    first.resize('left', 300);
    first.resize('bottom', 260);
    expect(JSON.parse(storage.getItem(LAYOUT_STORAGE_KEY)!)).toEqual({ left: 300, right: right.initial, bottom: 260 });

    const second = new LayoutState({ storage });
    expect(second.sizes).toEqual({ left: 300, right: right.initial, bottom: 260 });

    storage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify({ left: 5, right: 'wide', bottom: 99_999 }));
    expect(new LayoutState({ storage }).sizes).toEqual({ left: left.min, right: right.initial, bottom: bottom.max });
    storage.setItem(LAYOUT_STORAGE_KEY, 'garbage');
    expect(new LayoutState({ storage }).sizes.left).toBe(left.initial);
  });

  it('resets one panel or all of them, and persists that', () => {
    const storage = new MemoryStorage();
    const layout = new LayoutState({ storage });
    layout.resize('left', 350);
    layout.resize('right', 400);
    layout.reset('left');
    expect(layout.sizes).toMatchObject({ left: left.initial, right: 400 });
    layout.reset();
    expect(layout.sizes.right).toBe(right.initial);
    expect(new LayoutState({ storage }).sizes.right).toBe(right.initial);
  });
});

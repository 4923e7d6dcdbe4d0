/**
 * Sizes of the three resizable panels around the canvas, in CSS pixels, always within limits.
 * Splitters drive it by pointer (drag) and keyboard (step); sizes persist across launches.
 */
import { browserStorage, readJson, writeJson, type KeyValueStorage } from './storage';

export type PanelId = 'left' | 'right' | 'bottom';
export const panelIds: readonly PanelId[] = ['left', 'right', 'bottom'];

export interface PanelLimits {
  min: number;
  max: number;
  initial: number;
}

export const defaultLimits: Record<PanelId, PanelLimits> = {
  left: { min: 184, max: 400, initial: 248 },
  right: { min: 232, max: 440, initial: 288 },
  bottom: { min: 112, max: 420, initial: 196 },
};

/** How far one arrow-key press moves a splitter. */
export const KEY_STEP = 16;
export const LAYOUT_STORAGE_KEY = 'deepwire.layout';

/**
 * How a panel's size changes when its splitter moves in the positive direction (right or down):
 * the left panel grows, the right panel and the bottom panel shrink.
 */
const growth: Record<PanelId, 1 | -1> = { left: 1, right: -1, bottom: -1 };
/** The splitter between left/right panes is a vertical line; the one above the bottom panel is horizontal. */
export const splitterOrientation: Record<PanelId, 'vertical' | 'horizontal'> = {
  left: 'vertical',
  right: 'vertical',
  bottom: 'horizontal',
};

export type PanelSizes = Record<PanelId, number>;

export interface LayoutOptions {
  storage?: KeyValueStorage | null;
  limits?: Record<PanelId, PanelLimits>;
}

export class LayoutState {
  readonly limits: Record<PanelId, PanelLimits>;
  sizes = $state<PanelSizes>({ left: 0, right: 0, bottom: 0 });

  readonly #storage: KeyValueStorage | null;

  constructor(options: LayoutOptions = {}) {
    this.limits = options.limits ?? defaultLimits;
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    const saved = readJson(this.#storage, LAYOUT_STORAGE_KEY);
    const record = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
    for (const id of panelIds) {
      const value = record[id];
      this.sizes[id] = this.clamp(id, typeof value === 'number' ? value : this.limits[id].initial);
    }
  }

  clamp(panel: PanelId, size: number): number {
    const { min, max, initial } = this.limits[panel];
    if (!Number.isFinite(size)) return initial;
    return Math.round(Math.min(max, Math.max(min, size)));
  }

  /** Sets a panel's size (clamped) and persists it. Returns the size it got. */
  resize(panel: PanelId, size: number): number {
    const next = this.clamp(panel, size);
    if (next !== this.sizes[panel]) {
      this.sizes[panel] = next;
      this.#persist();
    }
    return next;
  }

  /** Grows (positive) or shrinks (negative) a panel by `delta` pixels. */
  resizeBy(panel: PanelId, delta: number): number {
    return this.resize(panel, this.sizes[panel] + delta);
  }

  /**
   * A pointer drag of the panel's splitter: `startSize` is the size when the drag began and
   * `pointerDelta` how far the pointer has moved since, along the splitter's axis (right/down positive).
   */
  drag(panel: PanelId, startSize: number, pointerDelta: number): number {
    return this.resize(panel, startSize + growth[panel] * pointerDelta);
  }

  /**
   * The window-splitter keyboard pattern: arrows along the splitter's axis move it by KEY_STEP
   * (Shift: four steps), Home gives the panel its smallest size, End its largest.
   * Returns false for keys it does not handle, so the caller leaves them alone.
   */
  step(panel: PanelId, key: string, shift = false): boolean {
    const { min, max } = this.limits[panel];
    const vertical = splitterOrientation[panel] === 'vertical';
    const amount = KEY_STEP * (shift ? 4 : 1);
    const moves: Record<string, number> = vertical
      ? { ArrowLeft: -amount, ArrowRight: amount }
      : { ArrowUp: -amount, ArrowDown: amount };
    if (key === 'Home') this.resize(panel, min);
    else if (key === 'End') this.resize(panel, max);
    else if (key in moves) this.resizeBy(panel, growth[panel] * moves[key]!);
    else return false;
    return true;
  }

  /** Back to the initial sizes: one panel, or all of them. */
  reset(panel?: PanelId): void {
    for (const id of panel ? [panel] : panelIds) this.sizes[id] = this.limits[id].initial;
    this.#persist();
  }

  #persist(): void {
    writeJson(this.#storage, LAYOUT_STORAGE_KEY, { ...this.sizes });
  }
}

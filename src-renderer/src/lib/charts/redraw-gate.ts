/**
 * Whether a chart needs redrawing this frame: not when its lines are what it last drew (the
 * per-epoch charts, most frames). What it drew is known by each line's key, length and last x,
 * plus the generation of the curves: recomputed curves (a new β) have the same lengths but new
 * values, so a new generation always redraws.
 */
import type { Line } from './line-chart';

export class RedrawGate {
  #drawn = '';

  changed(lines: readonly Line[], generation: number): boolean {
    const signature = `${generation}#${lines.map((line) => `${line.key}:${line.data.length}:${line.data[line.data.length - 1]?.x}`).join('|')}`;
    if (signature === this.#drawn) return false;
    this.#drawn = signature;
    return true;
  }

  /** The next check redraws (the theme changed: same lines, new colours). */
  invalidate(): void {
    this.#drawn = '';
  }
}

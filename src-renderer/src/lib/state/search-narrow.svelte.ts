/**
 * Coarse to fine: the region of a search to search again, chosen by brushing scatters (an interval
 * on each brushed hyperparameter's axis) or around the top k trials; a preview of the child space
 * drawn inside the parent's, and search:start with parentId. Pure bits (the box per axis) are
 * exported for the drawing and the tests.
 */
import type { Client, ParamScale, ParamValue, SearchableName, SearchDetail, SearchSpace, SearchSummary } from '@shared/api';
import { boxOf, narrowAroundTop, narrowToBox, spaceProblems, type SearchBox } from '@shared/search/api';
import { axisFor, drawnFraction, type Axis } from './search-axes';
import { spaceNames } from './search-plots';

export type NarrowMode = 'top' | 'brush';

/** One axis of the box-in-parent drawing: the child's interval (or chosen values) inside the parent's axis. */
export interface BoxAxis {
  name: SearchableName;
  axis: Axis;
  /** The child's interval along the parent's axis, 0–1 (numeric axes). */
  from: number | null;
  to: number | null;
  /** Choice axes: which of the parent's values the child keeps. */
  kept: ParamValue[] | null;
}

/** How `child` sits inside `parent`, axis by axis (the parent's axes; a name only the child varies gets its own). */
export function boxInParent(parent: SearchSpace, child: SearchSpace): BoxAxis[] {
  const childBox = boxOf(child);
  return spaceNames({ ...parent, ...child } as SearchSpace).map((name) => {
    const axis = axisFor((parent[name] ?? child[name]) as ParamScale);
    const inChild = childBox[name];
    if (inChild === undefined) return { name, axis, from: 0, to: 1, kept: axis.scale.kind === 'choice' ? [...axis.scale.values] : null };
    if (axis.scale.kind === 'choice') return { name, axis, from: null, to: null, kept: Array.isArray(inChild) ? (inChild as ParamValue[]) : [] };
    const [lo, hi] = inChild as [number, number];
    const a = drawnFraction(axis, lo);
    const b = drawnFraction(axis, hi);
    return { name, axis, from: Math.max(0, Math.min(a, b)), to: Math.min(1, Math.max(a, b)), kept: null };
  });
}

export class NarrowState {
  mode = $state<NarrowMode>('top');
  topK = $state(3);
  /** Brushed intervals (on each axis's coordinate) or kept choice values. */
  brushes = $state.raw<SearchBox>({});
  starting = $state(false);
  error = $state<string | null>(null);
  /** The search being narrowed. */
  parent = $state.raw<SearchDetail | null>(null);

  readonly hasBrush: boolean = $derived(Object.keys(this.brushes).length > 0);

  /** The child space as chosen now, or null when there is nothing to narrow to yet. */
  readonly childSpace: SearchSpace | null = $derived.by(() => {
    const parent = this.parent;
    if (!parent) return null;
    if (this.mode === 'brush') return this.hasBrush ? narrowToBox(parent.space, this.brushes) : null;
    const scored = parent.trials.filter((t) => t.metric !== null).length;
    if (scored === 0) return null;
    return narrowAroundTop(parent.space, parent.trials, parent.summary.metric, Math.max(1, Math.min(this.topK, scored)));
  });

  readonly problems: string[] = $derived(this.childSpace ? spaceProblems(this.childSpace) : []);
  readonly preview: BoxAxis[] = $derived(this.parent && this.childSpace ? boxInParent(this.parent.space, this.childSpace) : []);

  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
  }

  /** Narrows another search: brushes and errors of the last one are forgotten. */
  setParent(parent: SearchDetail | null): void {
    if (parent?.summary.searchId !== this.parent?.summary.searchId) {
      this.brushes = {};
      this.error = null;
      this.mode = 'top';
    }
    this.parent = parent;
  }

  /** A brushed interval on one axis (coordinates, either order), or null to clear it. Switches to brushing. */
  brush(name: SearchableName, interval: [number, number] | ParamValue[] | null): void {
    const next = { ...this.brushes };
    if (interval === null) delete next[name];
    else next[name] = Array.isArray(interval) && typeof interval[0] === 'number' && interval.length === 2 && this.#numeric(name) ? ([Math.min(interval[0], interval[1] as number), Math.max(interval[0], interval[1] as number)] as [number, number]) : interval;
    this.brushes = next;
    if (interval !== null) this.mode = 'brush';
  }

  clearBrushes(): void {
    this.brushes = {};
  }

  setTopK(k: number): void {
    if (Number.isInteger(k) && k >= 1) this.topK = Math.min(k, 1000);
    this.mode = 'top';
  }

  /** Starts the child search: the parent's design, settings and plan (the next seed) over the child space. */
  async startChild(): Promise<SearchSummary | null> {
    const parent = this.parent;
    const space = this.childSpace;
    if (!parent || !space || this.problems.length > 0) return null;
    this.starting = true;
    this.error = null;
    const { plan } = parent.summary;
    const result = await this.#client.call('search:start', {
      name: `${parent.summary.name} · fine`,
      design: parent.design,
      settings: parent.settings,
      space,
      plan: { ...plan, seed: (plan.seed + 1) % 0x100000000 },
      parentId: parent.summary.searchId,
    });
    this.starting = false;
    if (!result.ok) {
      this.error = `Could not start the child search: ${result.error.message}`;
      return null;
    }
    this.brushes = {};
    return result.value;
  }

  #numeric(name: SearchableName): boolean {
    return this.parent?.space[name]?.kind !== 'choice';
  }
}

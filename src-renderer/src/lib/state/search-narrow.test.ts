import { describe, expect, it } from 'vitest';
import { SearchPlan, type SearchSpace } from '@shared/api';
import { fakeSearchHost } from './search-fake-host';
import { boxInParent, NarrowState } from './search-narrow.svelte';
import { SearchDetailState } from './search-detail.svelte';
import { importanceRows, metricColor, parallelCoordinates, scatters } from './search-plots';

const space: SearchSpace = { learningRate: { kind: 'log', min: 1e-4, max: 1 }, beta: { kind: 'log1m', min: 0.9, max: 0.999 }, optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] } };

async function finished() {
  const host = fakeSearchHost();
  host.seed({ name: 'Coarse', space, plan: SearchPlan.parse({ trials: 8, epochs: 2, parallel: 8, seed: 3 }) }, 2);
  const detail = new SearchDetailState(host.client);
  await detail.open('search-1');
  const narrow = new NarrowState(host.client);
  narrow.setParent(detail.detail);
  return { host, detail, narrow };
}

describe('NarrowState', () => {
  it('narrows around the top k trials: the child keeps inside the parent, around the best', async () => {
    const { detail, narrow } = await finished();
    narrow.setTopK(2);
    const child = narrow.childSpace!;
    const lr = child.learningRate as { min: number; max: number };
    expect(lr.min).toBeGreaterThanOrEqual(1e-4);
    expect(lr.max).toBeLessThanOrEqual(1);
    const best = detail.ranked[0]!.params.learningRate as number;
    expect(best >= lr.min && best <= lr.max).toBe(true);
    expect(narrow.problems).toEqual([]);
    for (const axis of narrow.preview) if (axis.from !== null) expect(axis.from >= 0 && axis.to! <= 1 && axis.from <= axis.to!).toBe(true);
  });

  it('narrows to a brushed box and starts the child with the parent’s design, plan (next seed) and id', async () => {
    const { host, narrow } = await finished();
    narrow.brush('learningRate', [-1, -3]);
    expect(narrow.mode).toBe('brush');
    expect(narrow.brushes.learningRate).toEqual([-3, -1]);
    const lr = narrow.childSpace!.learningRate as { min: number; max: number };
    expect(lr.min).toBeCloseTo(1e-3);
    expect(lr.max).toBeCloseTo(1e-1);
    const child = await narrow.startChild();
    expect(child?.parentId).toBe('search-1');
    const start = host.calls.find((c) => c.channel === 'search:start')!.request;
    expect(start).toMatchObject({ parentId: 'search-1', name: 'Coarse · fine', plan: { seed: 4, trials: 8 }, space: narrow.childSpace ?? start.space });
    expect(narrow.brushes).toEqual({});
    expect(host.searches[0]!.children).toEqual(['search-2']);
  });

  it('draws the child box inside the parent’s on each axis, choices as the kept values', () => {
    const boxes = boxInParent(space, { learningRate: { kind: 'log', min: 1e-3, max: 1e-2 }, beta: { kind: 'log1m', min: 0.9, max: 0.99 }, optimizer: { kind: 'choice', values: ['adam'] } });
    const lr = boxes.find((b) => b.name === 'learningRate')!;
    expect(lr.from).toBeCloseTo(0.25);
    expect(lr.to).toBeCloseTo(0.5);
    const beta = boxes.find((b) => b.name === 'beta')!;
    expect(beta.from).toBeCloseTo(0);
    expect(beta.to).toBeCloseTo(0.5);
    expect(boxes.find((b) => b.name === 'optimizer')!.kept).toEqual(['adam']);
  });
});

describe('search plots', () => {
  it('puts each scored trial on each hyperparameter’s axis and colours the best brightest', async () => {
    const { detail } = await finished();
    const { plots, metricAxis } = scatters(detail.detail!.space, detail.trials, 'dev-accuracy');
    expect(plots.map((p) => p.name)).toEqual(['learningRate', 'beta', 'optimizer']);
    const scored = detail.trials.filter((t) => t.metric !== null);
    for (const plot of plots) expect(plot.points).toHaveLength(scored.length);
    for (const p of plots[0]!.points) expect(p.x >= 0 && p.x <= 1 && p.y > 0 && p.y < 1).toBe(true);
    expect(metricAxis.ticks.length).toBeGreaterThan(1);
    const pc = parallelCoordinates(detail.detail!.space, detail.trials, 'dev-accuracy');
    expect(pc.lines.at(-1)?.index).toBe(detail.ranked[0]!.index);
    expect(pc.lines[0]!.ys).toHaveLength(4);
    expect(metricColor(1)).toBe('rgb(253, 231, 37)');
  });

  it('ranks hyperparameters by importance, learning rate first when it alone decides the metric', () => {
    const host = fakeSearchHost();
    const search = host.seed({ space, plan: SearchPlan.parse({ trials: 30, epochs: 1, parallel: 30 }) }, 1);
    const rows = importanceRows(space, search.trials, 'dev-accuracy');
    expect(rows.map((r) => r.name).sort()).toEqual(['beta', 'learningRate', 'optimizer']);
    expect(rows[0]!.name).toBe('learningRate');
  });
});

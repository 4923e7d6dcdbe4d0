/**
 * The line charts of a run panel, each as data: its title, axes and the lines it draws from the
 * runs' series (runs[0] is the selected run; the others are overlaid in their own colours).
 */
import type { ChartRun } from './chart-run';
import { decimateMinMax } from './decimate';
import { interventionLabel } from './intervention-label';
import type { InterventionMark } from './interventions-plugin';
import type { Line } from './line-chart';
import { categoricalColor, withAlpha } from './palette';
import type { RunSeries } from './series';

export interface LineContext {
  runs: readonly ChartRun[];
  series: (run: ChartRun) => RunSeries;
  /** How many columns long series are decimated to (about one per two pixels of the plot). */
  width: number;
}

export type LineChartId = 'loss-step' | 'loss-epoch' | 'accuracy' | 'learning-rate' | 'gradient-norms' | 'compare-dev-loss' | 'compare-train-loss' | 'compare-dev-accuracy';

export interface LineSpec {
  id: LineChartId;
  title: string;
  xTitle: string;
  yTitle: string;
  log: boolean;
  lines(context: LineContext): Line[];
  marks(context: Pick<LineContext, 'runs'>): InterventionMark[];
}

/** A branch's rollback, on a step axis or an epoch axis: where it starts on its source's curves. */
function rollbackMarks({ runs }: Pick<LineContext, 'runs'>, axis: 'step' | 'epoch'): InterventionMark[] {
  return runs.flatMap((run) =>
    run.rollbackTo == null || !run.offset ? [] : [{ step: run.offset[axis], label: `rollback to epoch ${run.rollbackTo}`, color: run.color }],
  );
}

const epochMarks = (context: Pick<LineContext, 'runs'>): InterventionMark[] => rollbackMarks(context, 'epoch');

/** Interventions at their step (a branch's shifted onto its source's axis) and rollbacks where they branched. */
function allMarks(context: Pick<LineContext, 'runs'>): InterventionMark[] {
  const changes = context.runs.flatMap((run) => {
    const shift = run.offset?.step ?? 0;
    // A branch's step-0 changes are its rollback's: they are said by the rollback mark's run, not drawn twice.
    const own = run.rollbackTo == null ? run.interventions : run.interventions.filter((i) => i.step > 0);
    return own.map((i) => ({ step: i.step + shift, label: interventionLabel(i.changes), color: run.color }));
  });
  return [...rollbackMarks(context, 'step'), ...changes];
}

/** "train" alone for one run; "run-2 · Course net on moons · train" when several are overlaid. */
function named(runs: readonly ChartRun[], run: ChartRun, what: string): string {
  return runs.length > 1 ? `${run.label} · ${what}` : what;
}

/** Dots on each point only for one run's short series; many overlaid runs would turn them into a blur. */
const few = (context: LineContext, data: Line['data']) => context.runs.length === 1 && data.length <= 30;

/** Train (solid) and dev (dashed) per epoch for every run. */
function trainAndDev(context: LineContext, pick: (s: RunSeries) => [Line['data'], Line['data']]): Line[] {
  return context.runs.flatMap((run) => {
    const [train, dev] = pick(context.series(run));
    return [
      { key: `${run.runId}:train`, label: named(context.runs, run, 'train'), color: run.color, data: train, dots: few(context, train), unlisted: context.runs.length > 1 },
      { key: `${run.runId}:dev`, label: named(context.runs, run, 'dev'), color: run.color, data: dev, dashed: true, dots: few(context, dev), unlisted: context.runs.length > 1 },
    ];
  });
}

export const lineSpecs: readonly LineSpec[] = [
  {
    id: 'loss-step',
    title: 'Loss per step',
    xTitle: 'step',
    yTitle: 'mini-batch loss',
    log: false,
    lines: ({ runs, series, width }) =>
      // The raw mini-batch losses of the selected run only, faint under the averages: eight noisy bands would hide every curve.
      runs.flatMap((run, index) => {
        const s = series(run);
        const average: Line = { key: `${run.runId}:ewa`, label: 'average (EWA)', color: run.color, data: decimateMinMax(s.ewa, width), width: 2, unlisted: runs.length > 1 };
        if (index > 0) return [average];
        return [{ key: `${run.runId}:raw`, label: `${run.label} · raw`, color: withAlpha(run.color, 0.28), data: decimateMinMax(s.loss, width), width: 1, unlisted: true }, average];
      }),
    marks: allMarks,
  },
  {
    id: 'loss-epoch',
    title: 'Loss per epoch',
    xTitle: 'epoch',
    yTitle: 'loss',
    log: false,
    lines: (context) => trainAndDev(context, (s) => [s.epochTrainLoss, s.epochDevLoss]),
    marks: epochMarks,
  },
  {
    id: 'accuracy',
    title: 'Accuracy per epoch',
    xTitle: 'epoch',
    yTitle: 'accuracy',
    log: false,
    lines: (context) => trainAndDev(context, (s) => [s.trainAccuracy, s.devAccuracy]),
    marks: epochMarks,
  },
  {
    id: 'learning-rate',
    title: 'Learning rate',
    xTitle: 'step',
    yTitle: 'α',
    log: false,
    lines: ({ runs, series, width }) =>
      runs.map((run) => ({ key: `${run.runId}:lr`, label: run.label, color: run.color, data: decimateMinMax(series(run).learningRate, width), width: 2, unlisted: true })),
    marks: allMarks,
  },
  {
    id: 'gradient-norms',
    title: 'Gradient norms',
    xTitle: 'step',
    yTitle: '‖∂L/∂θ‖ (log)',
    log: true,
    // Of the selected run only: its layers (or tensors) each get a hue; eight runs' worth would be unreadable.
    lines: ({ runs, series, width }) => {
      const selected = runs[0];
      if (!selected) return [];
      return [...series(selected).norms].map(([name, data], index) => ({
        key: `${selected.runId}:norm:${name}`,
        label: name,
        color: categoricalColor(index),
        data: decimateMinMax(data, width),
        dots: data.length <= 30,
      }));
    },
    marks: ({ runs }) => allMarks({ runs: runs.slice(0, 1) }),
  },
];

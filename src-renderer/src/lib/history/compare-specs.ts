/** The compare view's charts as line specs: one line per run, in its colour, per epoch. */
import type { ChartRun } from '../charts/chart-run';
import type { XY } from '../charts/decimate';
import type { LineContext, LineSpec } from '../charts/line-specs';
import type { RunSeries } from '../charts/series';

// The legend above the charts names the runs once; each chart lists none.
function perRun(id: LineSpec['id'], title: string, yTitle: string, pick: (series: RunSeries) => readonly XY[]): LineSpec {
  return {
    id,
    title,
    xTitle: 'epoch',
    yTitle,
    log: false,
    lines: ({ runs, series }: LineContext) =>
      runs.map((run: ChartRun) => {
        const data = pick(series(run));
        return { key: run.runId, label: run.label, color: run.color, data, width: 2, dots: data.length <= 30, unlisted: true };
      }),
    marks: () => [],
  };
}

export const compareSpecs: readonly LineSpec[] = [
  perRun('compare-dev-loss', 'Dev loss', 'loss', (s) => s.epochDevLoss),
  perRun('compare-train-loss', 'Train loss', 'loss', (s) => s.epochTrainLoss),
  perRun('compare-dev-accuracy', 'Dev accuracy', 'accuracy', (s) => s.devAccuracy),
];

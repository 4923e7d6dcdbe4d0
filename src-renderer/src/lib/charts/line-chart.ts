/**
 * The chart.js side of the line charts: only the pieces they use are registered (line controller,
 * linear and log scales, legend, tooltip), and every chart is built for streaming — no animation,
 * data already in {x, y} form and sorted (parsing off, normalized), no point dots on long series.
 */
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type LegendItem,
} from 'chart.js';
import type { XY } from './decimate';
import { interventionsPlugin, type InterventionMark } from './interventions-plugin';
import type { ChartTheme } from './theme-colors';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

/** One line as a chart spec describes it; `key` keeps its chart.js dataset (and legend state) across frames. */
export interface Line {
  key: string;
  label: string;
  color: string;
  data: readonly XY[];
  dashed?: boolean;
  width?: number;
  /** Left out of the legend (the faint raw loss under its average). */
  unlisted?: boolean;
  /** Dots on every point: for short series (one per epoch). */
  dots?: boolean;
}

export interface LineChartOptions {
  xTitle: string;
  yTitle: string;
  log: boolean;
  marks: () => readonly InterventionMark[];
  theme: () => ChartTheme;
}

type LineDataset = ChartDataset<'line', XY[]> & { key: string; unlisted: boolean };

export function createLineChart(canvas: HTMLCanvasElement, options: LineChartOptions): Chart<'line', XY[]> {
  return new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [interventionsPlugin(options.marks, () => options.theme().font)],
    options: chartOptions(options, options.theme()),
  });
}

/** A chart's whole options in the theme's colours; replaced as a whole when the theme changes (chart.js supports that). */
export function chartOptions(options: LineChartOptions, theme: ChartTheme): ChartOptions<'line'> {
  const grid = { color: theme.grid };
  const border = { color: theme.grid };
  const title = (text: string) => ({ display: true, text, color: theme.muted });
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    spanGaps: false,
    color: theme.muted,
    font: { family: theme.font, size: 11 },
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5, tension: 0 } },
    scales: {
      x: { type: 'linear', grid, border, title: title(options.xTitle), ticks: { color: theme.faint, maxTicksLimit: 8 } },
      y: options.log
        ? { type: 'logarithmic', grid, border, title: title(options.yTitle), ticks: { color: theme.faint } }
        : { type: 'linear', grid, border, title: title(options.yTitle), ticks: { color: theme.faint, maxTicksLimit: 6 } },
    },
    plugins: {
      legend: {
        position: 'bottom',
        labels: {
          color: theme.muted,
          boxWidth: 14,
          boxHeight: 2,
          filter: (item: LegendItem, data) => !(data.datasets[item.datasetIndex ?? 0] as LineDataset | undefined)?.unlisted,
        },
      },
      tooltip: { animation: false },
    },
  };
}

/**
 * Gives the chart these lines, keeping each line's dataset object (so a line hidden from the legend
 * stays hidden while points stream in); the dataset list is replaced only when lines come or go.
 */
export function setLines(chart: Chart<'line', XY[]>, lines: readonly Line[]): void {
  const current = chart.data.datasets as LineDataset[];
  const byKey = new Map(current.map((d) => [d.key, d]));
  const next: LineDataset[] = lines.map((line) => {
    const dataset = byKey.get(line.key) ?? ({ key: line.key, data: [] } as unknown as LineDataset);
    dataset.label = line.label;
    dataset.data = line.data as XY[];
    dataset.borderColor = line.color;
    dataset.backgroundColor = line.color;
    dataset.borderWidth = line.width ?? 1.5;
    dataset.borderDash = line.dashed ? [5, 4] : [];
    dataset.pointRadius = line.dots ? 2.5 : 0;
    dataset.unlisted = line.unlisted ?? false;
    return dataset;
  });
  // The legend shows only when a line is listed (multi-run charts rely on the shared run legend).
  const legend = chart.options.plugins?.legend;
  const listed = next.some((d) => !d.unlisted);
  if (legend && legend.display !== listed) legend.display = listed;
  const same = next.length === current.length && next.every((d, i) => d === current[i]);
  if (!same) chart.data.datasets = next;
}

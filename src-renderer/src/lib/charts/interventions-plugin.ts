/**
 * A chart.js plugin that draws interventions as dashed vertical lines at their step, each with its
 * label ("α 0.01") at the top, in the colour of the run it changed. The marks are read through a
 * function each draw, so they follow the runs without rebuilding the chart.
 */
import type { Chart, Plugin } from 'chart.js';

export interface InterventionMark {
  step: number;
  label: string;
  color: string;
}

export function interventionsPlugin(marks: () => readonly InterventionMark[], font: () => string): Plugin<'line'> {
  return {
    id: 'deepwireInterventions',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const list = marks();
      const x = chart.scales.x;
      if (list.length === 0 || !x) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = `10px ${font()}`;
      ctx.textBaseline = 'top';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      // Labels at (nearly) the same place stack downwards, one 12-px row each, so none prints over another.
      const rows = new Map<number, number>();
      for (const mark of list) {
        const px = x.getPixelForValue(mark.step);
        if (!(px >= chartArea.left && px <= chartArea.right)) continue;
        const column = Math.round(px / 40);
        const row = rows.get(column) ?? 0;
        rows.set(column, row + 1);
        ctx.strokeStyle = mark.color;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        const width = ctx.measureText(mark.label).width;
        const left = px + 3 + width > chartArea.right ? px - 3 - width : px + 3;
        ctx.fillStyle = mark.color;
        const y = chartArea.top + 2 + row * 12;
        if (y + 12 <= chartArea.bottom) ctx.fillText(mark.label, left, y);
      }
      ctx.restore();
    },
  };
}

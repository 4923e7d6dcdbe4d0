/** The confusion matrix drawn on a canvas, for saving it as a PNG (on screen it is a table). */
import type { ConfusionMatrix } from '@shared/api';
import { confusionShares } from './confusion';
import { withAlpha } from './palette';
import type { ChartTheme } from './theme-colors';

export function confusionPicture(matrix: ConfusionMatrix, theme: ChartTheme): HTMLCanvasElement {
  const cell = 40;
  const header = 44;
  const n = matrix.classNames.length;
  const canvas = document.createElement('canvas');
  canvas.width = header + n * cell + 10;
  canvas.height = header + n * cell + 28;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const { rows } = confusionShares(matrix.counts);
  ctx.font = `12px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  matrix.classNames.forEach((name, k) => {
    ctx.fillStyle = theme.muted;
    ctx.fillText(name, header + k * cell + cell / 2, header - 12);
    ctx.fillText(name, header - 16, header + k * cell + cell / 2);
  });
  matrix.counts.forEach((row, t) =>
    row.forEach((count, p) => {
      const share = rows[t]?.[p] ?? 0;
      const x = header + p * cell;
      const y = header + t * cell;
      ctx.fillStyle = withAlpha(t === p ? theme.accent : theme.danger, 0.85 * share);
      ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
      ctx.fillStyle = share > 0.55 ? '#ffffff' : theme.text;
      ctx.fillText(String(count), x + cell / 2, y + cell / 2);
    }),
  );
  ctx.fillStyle = theme.faint;
  ctx.textAlign = 'left';
  ctx.fillText('rows: true · columns: predicted', 8, canvas.height - 12);
  return canvas;
}

/**
 * A loss curve cut down to about one point per pixel for a sparkline: the mean of each bucket of
 * steps (non-finite losses skipped), placed 0–1 on both axes (y from the curve's own min to max).
 */
export interface SparkPoint {
  x: number;
  y: number;
}

export function sparklinePoints(losses: readonly (number | null)[], maxPoints: number): SparkPoint[] {
  const n = losses.length;
  if (n === 0) return [];
  const buckets = Math.max(1, Math.min(n, maxPoints));
  const means: { at: number; value: number }[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.max(from + 1, Math.floor(((b + 1) * n) / buckets));
    let sum = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      const v = losses[i];
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    if (count > 0) means.push({ at: (from + to - 1) / 2, value: sum / count });
  }
  if (means.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of means) {
    lo = Math.min(lo, m.value);
    hi = Math.max(hi, m.value);
  }
  const span = hi - lo || 1;
  const last = Math.max(1, n - 1);
  return means.map((m) => ({ x: m.at / last, y: (m.value - lo) / span }));
}

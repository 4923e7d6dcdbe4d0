/**
 * Min/max decimation for long line series: the x range is cut into `buckets` columns (about one per
 * pixel) and each column keeps only its first, lowest, highest and last point, in their original
 * order. At that resolution the drawn line is the same as the full one's — every spike, every dip,
 * and the ends — with at most 4·buckets points however long the run gets.
 */

/** A chart point; y is null where the curve has a gap (a non-finite loss, a value a log scale cannot show). */
export interface XY {
  x: number;
  y: number | null;
}

/**
 * Points of `points` (sorted by x) worth drawing at `buckets` columns. Returns `points` itself when
 * it is already short enough. A gap (y null) is kept as one point where it starts, so lines break there.
 */
export function decimateMinMax(points: readonly XY[], buckets: number): readonly XY[] {
  const n = points.length;
  const columns = Math.max(1, Math.floor(buckets));
  if (n <= 4 * columns) return points;
  const x0 = points[0]!.x;
  const span = points[n - 1]!.x - x0;
  if (!(span > 0)) return points;
  const kept: XY[] = [];
  let bucket = -1;
  let first = -1;
  let last = -1;
  let low = -1;
  let high = -1;
  const flush = (): void => {
    if (first < 0) return;
    // The bucket's up-to-four distinct indices, in order, so the line is drawn left to right.
    const indices = [first, low, high, last].filter((i) => i >= 0).sort((a, b) => a - b);
    let previous = -1;
    for (const i of indices) {
      if (i !== previous) kept.push(points[i]!);
      previous = i;
    }
    first = last = low = high = -1;
  };
  let inGap = false;
  for (let i = 0; i < n; i++) {
    const { x, y } = points[i]!;
    // column = ⌊(x − x₀)/span · buckets⌋, the last point folded into the last column
    const column = Math.min(columns - 1, Math.floor(((x - x0) / span) * columns));
    if (column !== bucket) {
      flush();
      bucket = column;
    }
    if (y === null) {
      // Close the drawn run before the gap and mark the gap once.
      if (!inGap) {
        flush();
        kept.push(points[i]!);
        inGap = true;
      }
      continue;
    }
    inGap = false;
    if (first < 0) first = i;
    last = i;
    if (low < 0 || y < (points[low]!.y as number)) low = i;
    if (high < 0 || y > (points[high]!.y as number)) high = i;
  }
  flush();
  return kept;
}

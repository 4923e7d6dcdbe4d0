/** Shares of a confusion matrix for shading: each cell over its row's total (the true class's count). */
export function confusionShares(counts: readonly (readonly number[])[]): { rows: number[][]; accuracy: number } {
  let right = 0;
  let total = 0;
  const rows = counts.map((row, t) => {
    const sum = row.reduce((a, b) => a + b, 0);
    total += sum;
    right += row[t] ?? 0;
    return row.map((count) => (sum > 0 ? count / sum : 0));
  });
  // accuracy = trace / total
  return { rows, accuracy: total > 0 ? right / total : 0 };
}

/** Numbers as a person reads them in labels and messages: 1e-4, 0.999, 64 (never 0.00009999999). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // Very small or very large values read better in the e-notation the command line accepts.
  if (magnitude < 1e-3 || magnitude >= 1e6) return Number(value.toPrecision(4)).toExponential().replace('e+', 'e');
  return String(Number(value.toPrecision(6)));
}

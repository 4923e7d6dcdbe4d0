/**
 * The one tolerance rule of the engine's tests (numpy.allclose / tfjs-core expectArraysClose):
 * actual is close to expected when |actual − expected| ≤ atol + rtol·|expected|. NaN matches
 * only NaN and an infinity only the same infinity. Failures name the worst entries.
 */

export interface Tolerance {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** What is being compared, for the failure message. */
  label?: string;
}

type Numeric = number | ArrayLike<number>;

/** Throws an Error describing the mismatch unless every entry is close. */
export function expectClose(actual: Numeric, expected: Numeric, tolerance: Tolerance = {}): void {
  const rtol = tolerance.rtol ?? 1e-6;
  const atol = tolerance.atol ?? 1e-9;
  const label = tolerance.label ? `${tolerance.label}: ` : '';
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  if (typeof actual === 'number' !== (typeof expected === 'number')) {
    throw new Error(`${label}cannot compare a number with an array.`);
  }
  if (a.length !== e.length) throw new Error(`${label}length ${a.length} differs from the expected ${e.length}.`);

  const failures: { index: number; actual: number; expected: number; allowed: number }[] = [];
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const ei = e[i]!;
    if (isClose(ai, ei, rtol, atol)) continue;
    failures.push({ index: i, actual: ai, expected: ei, allowed: atol + rtol * Math.abs(ei) });
  }
  if (failures.length === 0) return;

  failures.sort((x, y) => excess(y) - excess(x));
  const shown = failures.slice(0, 5).map((f) => {
    const where = typeof actual === 'number' ? '' : `[${f.index}] `;
    return `  ${where}actual ${f.actual} vs expected ${f.expected}: |diff| ${Math.abs(f.actual - f.expected).toExponential(3)} > allowed ${f.allowed.toExponential(3)}`;
  });
  const count = typeof actual === 'number' ? 'not close' : `${failures.length} of ${a.length} entries not close`;
  throw new Error(`${label}${count} (rtol ${rtol}, atol ${atol}):\n${shown.join('\n')}`);
}

export function isClose(actual: number, expected: number, rtol = 1e-6, atol = 1e-9): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** How far past its allowance a failure is (worst first in the message). */
function excess(f: { actual: number; expected: number; allowed: number }): number {
  const gap = Math.abs(f.actual - f.expected);
  return Number.isNaN(gap) ? Number.POSITIVE_INFINITY : gap / (f.allowed || Number.MIN_VALUE);
}

/**
 * How long the charts' redraws take, for the frame-time benchmark: a fixed ring of the latest
 * durations (nothing grows while a run trains). The app itself never reads it.
 */
const capacity = 4096;
const durations = new Float64Array(capacity);
let written = 0;

export function recordRedraw(milliseconds: number): void {
  durations[written % capacity] = milliseconds;
  written++;
}

/** The durations recorded since the last call (at most the ring's capacity), oldest first. */
export function takeRedraws(): number[] {
  const count = Math.min(written, capacity);
  const out: number[] = [];
  for (let i = written - count; i < written; i++) out.push(durations[i % capacity]!);
  written = 0;
  return out;
}

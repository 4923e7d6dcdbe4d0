/**
 * The WAI-ARIA tabs pattern's keys: which tab a key moves to from tab `index` of `count` (arrows
 * wrap around, Home and End go to the ends), or -1 for a key the tablist does not handle.
 */
export function tabKeyTarget(key: string, index: number, count: number): number {
  const last = count - 1;
  if (key === 'ArrowRight') return index === last ? 0 : index + 1;
  if (key === 'ArrowLeft') return index === 0 ? last : index - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return -1;
}

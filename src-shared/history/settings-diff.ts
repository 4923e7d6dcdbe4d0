/**
 * The settings that differ between runs, for the compare table: each run's settings flattened to
 * dotted paths ("settings.optimizer.kind", "seeds.model"), then only the paths whose values are
 * not all the same, each value as short text. A path a run does not have reads "—".
 */
import type { SettingDifference } from '../api/history';

export const missingValue = '—';

/** Significant digits kept for a fraction: enough to tell 0.001 from 0.0011, short enough for a cell. */
const fractionDigits = 6;

/** A number as short text: whole numbers exactly (seeds, sizes), fractions to 6 significant digits (1e-8, 0.3). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(fractionDigits)));
}

/** A leaf value as text; arrays are one value ("[0.8, 0.1, 0.1]"), not one path per element. */
export function formatValue(value: unknown): string {
  if (value === undefined) return missingValue;
  if (value === null) return 'none';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf of a JSON object by its dotted path, in the object's own key order. */
export function flattenSettings(value: unknown, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  const visit = (node: unknown, path: string) => {
    if (isPlainObject(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) visit(child, path === '' ? key : `${path}.${key}`);
    } else if (path !== '') {
      flat.set(path, isPlainObject(node) ? '{}' : formatValue(node));
    }
  };
  visit(value, prefix);
  return flat;
}

/** The paths whose values are not the same in every run, in the order they first appear; values in the runs' order. */
export function settingDifferences(runs: readonly unknown[]): SettingDifference[] {
  const flattened = runs.map((run) => flattenSettings(run));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const flat of flattened) {
    for (const path of flat.keys()) {
      if (seen.has(path)) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  return paths
    .map((setting) => ({ setting, values: flattened.map((flat) => flat.get(setting) ?? missingValue) }))
    .filter(({ values }) => values.some((value) => value !== values[0]));
}

/** The short text drawn beside an intervention's mark: "α 0.01 · batch 64". */
import type { AdjustmentChanges } from '@shared/api';

/** The course's symbols for the settings people change most; other optimizer settings go by their own names. */
const shortNames: Record<string, string> = { learningRate: 'α', l2: 'λ', keepProb: 'keep', batchSize: 'batch', schedule: 'decay' };

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number(value.toPrecision(3)).toString();
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'kind' in value) return String((value as { kind: unknown }).kind);
  return String(value);
}

export function interventionLabel(changes: AdjustmentChanges): string {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${shortNames[key] ?? key} ${formatValue(value)}`)
    .join(' · ');
}

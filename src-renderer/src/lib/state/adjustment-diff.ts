/**
 * What "Apply" sends while a run trains: only the settings that differ from what the run uses now
 * (its settings with every intervention so far applied in order), so an untouched field never shows
 * up as an intervention.
 */
import type { AdjustmentChanges, AppliedAdjustment, RunSettings } from '@shared/api';

type Current = Required<Pick<AdjustmentChanges, 'learningRate' | 'l2' | 'batchSize' | 'schedule'>> & Record<string, unknown>;

/**
 * The adjustable values a run trains with after its interventions so far; `keepProb` is its design's
 * (dropout lives in the design, not the settings).
 */
export function currentValues(settings: RunSettings, interventions: readonly AppliedAdjustment[], keepProb: number | null = null): Current {
  const { optimizer, learningRate, l2, batchSize, schedule } = settings.settings;
  const { kind: _kind, ...hyperparameters } = optimizer;
  const current: Current = { ...hyperparameters, learningRate, l2, batchSize, schedule, ...(keepProb !== null && { keepProb }) };
  for (const { changes } of interventions) {
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) current[key] = value;
  }
  return current;
}

/** The entries of `wanted` whose value differs from the current one, or null when nothing would change. */
export function changedOnly(wanted: AdjustmentChanges, current: Current): AdjustmentChanges | null {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(current[key])) changes[key] = value;
  }
  return Object.keys(changes).length > 0 ? (changes as AdjustmentChanges) : null;
}

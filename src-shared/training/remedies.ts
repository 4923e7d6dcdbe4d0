/**
 * Placeholder with the API of the remedies on main (src-shared/training/remedies.ts from the core
 * branch): on merging, take main's file. Returns no remedies.
 */
import type { RunSettings } from '../api/training-settings';
import type { GraphDoc } from '../graph/doc';
import type { Diagnosis } from './diagnosis';

export interface RemedyChange {
  design: GraphDoc;
  settings: RunSettings;
}

export interface Remedy {
  key: string;
  label: string;
  action: string;
  apply: ((design: GraphDoc, settings: RunSettings) => RemedyChange) | null;
}

export function remediesFor(diagnosis: Pick<Diagnosis, 'verdict' | 'focus'>, design: GraphDoc, settings: RunSettings): Remedy[] {
  void diagnosis;
  void design;
  void settings;
  return [];
}

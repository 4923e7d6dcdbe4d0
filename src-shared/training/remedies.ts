/**
 * Placeholder (replaced by the branch that writes the remedies): what the panel offers after a
 * diagnosis, each remedy able to change a copy of the design and settings. Returns none for now.
 */
import type { RunSettings } from '../api/training-settings';
import type { GraphDoc } from '../graph/doc';
import type { Diagnosis } from './diagnosis';

export interface Remedy {
  id: string;
  label: string;
  apply: ((design: GraphDoc, settings: RunSettings) => { design: GraphDoc; settings: RunSettings }) | null;
}

export function remediesFor(diagnosis: Diagnosis): Remedy[] {
  void diagnosis;
  return [];
}

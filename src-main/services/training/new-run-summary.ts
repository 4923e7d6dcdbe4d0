/**
 * A new run's summary: who it is and what it will train, with nothing trained or measured yet. The
 * training service (queued runs), the command line's recording and a queue trial's run in the
 * coordinator's history all start a run here, so a field added to RunSummary starts in one place.
 */
import { basename } from 'node:path';
import type { DataSource, RunSettings, RunSummary } from '@shared/api';
import type { BackendKind } from '@shared/api/training-settings';

export interface NewRun {
  runId: string;
  label: string;
  state: 'queued' | 'running';
  createdAt: string;
  dataset: string;
  settings: RunSettings;
  parameters: number;
  epochs: number;
  totalSteps: number;
  warnings: string[];
  /** The engine, where it is chosen before the run starts (the command line trains in its own process). */
  backend?: BackendKind;
}

export function newRunSummary(run: NewRun): RunSummary {
  return { ...run, epoch: 0, step: 0, stepsPerSecond: null, train: null, dev: null, result: null, test: null, error: null, interventions: [] };
}

/** What a run's data set is called in the run list: a CSV file's name, else what preparing the run named it. */
export function datasetName(data: DataSource, preparedName: string): string {
  return data.kind === 'csv' ? basename(data.path) : preparedName;
}

/**
 * Errors the person at the terminal can fix (a bad option, a file that does not parse, a network
 * that does not fit the data): exit status 2 and a message naming what to change. Anything else
 * is a failure of the run itself (status 1).
 */
import type { RunSetupError, RunSetupField } from '@shared/training/prepare-run';

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

export const exitCodes = {
  ok: 0,
  /** The run diverged, the gradient check says 'wrong', or something failed at run time. */
  failed: 1,
  usage: 2,
  /** Stopped with Ctrl+C (128 + SIGINT). */
  interrupted: 130,
} as const;

/**
 * A run-setup problem as the option to change: "--split: …", "--layers starts with 3 inputs …",
 * "--backend wasm cannot run …". `model` is how the model was given (--layers or --graph FILE).
 */
export function usageErrorFromSetup(error: RunSetupError, subjects: { model: string }): UsageError {
  const subject: Record<RunSetupField, string | null> = {
    data: '--dataset',
    test: '--test',
    split: '--split',
    normalize: '--normalize',
    model: subjects.model,
    settings: null,
    seeds: '--seed',
    backend: '--backend',
  };
  const flag = subject[error.field];
  // Model and backend messages continue their subject; the others stand alone after it.
  const joined = flag === null ? error.message : error.field === 'model' || error.field === 'backend' ? `${flag} ${error.message}` : `${flag}: ${error.message}`;
  return new UsageError(joined);
}

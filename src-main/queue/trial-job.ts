/**
 * A job as a worker accepts it: of this worker's queue schema version, and shaped as a trial.
 * Anything else fails at once with BullMQ's UnrecoverableError (no retries: another try would be
 * refused the same way) and a sentence saying what to do.
 */
import { UnrecoverableError } from 'bullmq';
import { queueSchemaVersion, TrialJobData } from './protocol';

/** The sentence a worker fails a job of another schema version with. */
export function schemaMismatchMessage(jobVersion: unknown): string {
  return `This job was made by a Deepwire with queue schema v${String(jobVersion)}; this worker speaks v${queueSchemaVersion}: update one of them.`;
}

/** The job's data checked, or an UnrecoverableError naming what is wrong. */
export function checkedTrialJob(data: unknown): TrialJobData {
  // The version first: a job of another version may have another shape, and its sentence says why.
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== queueSchemaVersion) throw new UnrecoverableError(schemaMismatchMessage(version ?? 'unknown'));
  const parsed = TrialJobData.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new UnrecoverableError(`This job is not a trial this worker can train (${issue?.message ?? 'invalid'}${where}), though it says queue schema v${queueSchemaVersion}.`);
  }
  return parsed.data;
}

/**
 * Errors the person at the terminal can fix (a bad option, a file that does not parse, a network
 * that does not fit the data): exit status 2 and a message naming what to change. Anything else
 * is a failure of the run itself (status 1).
 */
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

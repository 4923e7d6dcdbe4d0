/** Errors travel as data: every command resolves to a Result, never a thrown exception across a host. */
export const errorCodes = [
  'invalid_request',
  'unknown_command',
  'not_found',
  'conflict',
  'too_large',
  'io',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  /** A sentence a person can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Thrown inside a service to end a command with a specific error; the dispatcher turns it into data. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

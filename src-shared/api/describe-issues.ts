import type { z } from 'zod';

/** Turns schema issues into one sentence a person can act on, naming each field. */
export function describeIssues(error: z.ZodError, subject = 'request'): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : subject;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `Invalid ${subject}: ${parts.join('; ')}${more}.`;
}

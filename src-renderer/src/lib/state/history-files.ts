/** Import and export as the History view needs them: the size check before sending, and the request's own limit message. */
import { historyCommands, maxImportChars } from '@shared/api';

/** The schema's refusal for a too-big file (it names the command-line way to import it). */
export function tooBigMessage(): string {
  const parsed = historyCommands['history:import'].request.safeParse({ json: ' '.repeat(maxImportChars + 1) });
  return parsed.success ? `the file is too big to import here (at most ${maxImportChars} characters)` : (parsed.error.issues[0]?.message ?? 'the file is too big to import here');
}

/**
 * Whether a file of `bytes` can be imported without reading it: 'too-big' when it surely has more
 * characters than allowed, 'read' when its text must be read and counted (UTF-8: up to 4 bytes a character).
 */
export function importSizeCheck(bytes: number): 'ok' | 'read' | 'too-big' {
  if (bytes <= maxImportChars) return 'ok';
  return bytes > maxImportChars * 4 ? 'too-big' : 'read';
}

/** The refusal for a text too long to send, or null when it fits. */
export function importTextProblem(text: string): string | null {
  return text.length > maxImportChars ? tooBigMessage() : null;
}

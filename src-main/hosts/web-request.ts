/**
 * Parses the parts of a request the web host decides on. Every function returns data (a value or
 * a refusal with its status) and never throws: one malformed request must not take the host down.
 */

/** A request refused before it reaches a file or the socket, with the status and a reason a person can act on. */
export interface Refusal {
  ok: false;
  status: 400 | 401 | 403 | 404 | 414;
  message: string;
}
export type Checked<T> = { ok: true; value: T } | Refusal;

/** Longer targets are refused with 414; node itself answers 431 once the whole head passes 16 KiB. */
export const maxTargetLength = 8 * 1024;

const refuse = (status: Refusal['status'], message: string): Refusal => ({ ok: false, status, message });

/** A value quoted for a message, cut short so a huge or binary input cannot flood the log. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** decodeURIComponent that answers null for a bad escape (%zz, a truncated UTF-8 sequence) instead of throwing. */
export function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The request target in origin form ("/path?query"). Absolute ("http://evil/"), authority and
 * asterisk forms are refused: a page on 127.0.0.1 only ever asks for its own paths.
 */
export function parseRequestTarget(target: string | undefined): Checked<URL> {
  if (!target) return refuse(400, 'The request has no target.');
  if (target.length > maxTargetLength) return refuse(414, `The request target is ${target.length} characters long; at most ${maxTargetLength} are accepted.`);
  if (!target.startsWith('/')) return refuse(400, `The request target must be a path starting with "/", not ${quoted(target)}.`);
  // Prefixing our own origin keeps "//x" a path here; new URL("//x", base) would read it as a host name.
  const href = `http://127.0.0.1${target}`;
  if (!URL.canParse(href)) return refuse(400, `The request target ${quoted(target)} is not a valid path.`);
  return { ok: true, value: new URL(href) };
}

/**
 * A URL path with its escapes decoded and its leading slashes removed: the file it names relative to
 * the served folder ("/" names index.html; "//" names the folder itself, which is never served).
 */
export function decodePath(pathname: string): Checked<string> {
  const decoded = decodeComponent(pathname);
  if (decoded === null) return refuse(400, `The path ${quoted(pathname)} has a malformed percent-escape (use %XX with two hex digits of UTF-8).`);
  if (decoded.includes('\0')) return refuse(400, `The path ${quoted(pathname)} contains a NUL character.`);
  return { ok: true, value: decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '') };
}

/** The one Host header of a request: none or several are refused (RFC 9112 §3.2), as node keeps only the first. */
export function singleHostHeader(rawHeaders: readonly string[]): Checked<string> {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'host') values.push(rawHeaders[i + 1]!);
  }
  if (values.length === 0) return refuse(400, 'The request has no Host header.');
  if (values.length > 1) return refuse(400, `The request has ${values.length} Host headers; send exactly one.`);
  return { ok: true, value: values[0]! };
}

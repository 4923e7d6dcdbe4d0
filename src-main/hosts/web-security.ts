/** Pure decisions of the web host: who may fetch a page or open the socket. Unit-tested. */
import { timingSafeEqual } from 'node:crypto';
import { decodeComponent } from './web-request';

export const tokenCookie = 'deepwire_token';

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The first well-formed value of cookie `name`; a value with a bad percent-escape counts as absent (it never throws). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = decodeComponent(part.slice(eq + 1).trim());
    if (value !== null) return value;
  }
  return null;
}

/** The Host header must name our loopback address: refuses DNS-rebinding pages. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A browser always sends Origin on a WebSocket; it must be our own page. Non-browser clients send none. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export interface RequestAuth {
  url: URL;
  cookieHeader: string | undefined;
  token: string;
}

/** A request is authorised by `?token=` in its URL or by the cookie set when the page was first opened. */
export function isAuthorised({ url, cookieHeader, token }: RequestAuth): boolean {
  return tokensMatch(token, url.searchParams.get('token')) || tokensMatch(token, readCookie(cookieHeader, tokenCookie));
}

export { contentSecurityPolicy as webContentSecurityPolicy } from '@shared/api/csp';

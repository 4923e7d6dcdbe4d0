/**
 * The desktop window's Content Security Policy, also sent as a response header. The built
 * index.html carries the same policy in a meta tag (csp.test.ts compares them), which is what
 * applies to file:// pages; the header covers the dev server and anything the meta cannot
 * express (frame-ancestors).
 */
import { contentSecurityPolicy } from '@shared/api/csp';

/** The shared policy (src-shared/api/csp.ts), named for where it is used here. */
export const desktopContentSecurityPolicy = contentSecurityPolicy;

/** True for responses that belong to the app: files of the built renderer, or the dev server's origin. */
export function isAppResource(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return target.protocol === 'file:';
  return target.protocol === app.protocol && target.host === app.host;
}

export type ResponseHeaders = Record<string, string[] | string>;

/** The response headers with our policy replacing any the response brought (case-insensitively). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined, policy = desktopContentSecurityPolicy): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

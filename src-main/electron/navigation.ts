/**
 * Where the window may go (only its own page) and which links may leave the app for the system
 * browser (https to a short list of exact hosts). Pure, so every case is unit-tested.
 */

/** Hosts whose https pages may be opened in the system browser. Exact names: no subdomains. */
export const externalLinkAllowlist: readonly string[] = [
  'github.com',
  'www.deeplearning.ai',
  'www.coursera.org',
  'www.electronjs.org',
];

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is the app's own page: same scheme, host, port and path as `appUrl` (the
 * out/renderer/index.html file URL, or the dev server's page). Query and hash may differ, so
 * in-page routes still count; another file next to index.html does not.
 */
export function isAppPage(url: string | null | undefined, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  if (app.protocol !== 'file:' && app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return (
    target.protocol === app.protocol &&
    target.hostname === app.hostname &&
    target.port === app.port &&
    target.pathname === app.pathname
  );
}

/** The window never navigates, except to (a reload or hash of) its own page. */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  return isAppPage(targetUrl, appUrl);
}

export type ExternalLinkDecision = 'open-external' | 'deny';

/** Whether a link the page tried to open may go to the system browser. */
export function externalLinkDecision(url: string): ExternalLinkDecision {
  const target = parse(url);
  if (!target) return 'deny';
  if (target.protocol !== 'https:') return 'deny';
  // `https://github.com@evil.com` parses with hostname evil.com; any userinfo is refused outright.
  if (target.username !== '' || target.password !== '') return 'deny';
  if (target.port !== '') return 'deny';
  return externalLinkAllowlist.includes(target.hostname) ? 'open-external' : 'deny';
}

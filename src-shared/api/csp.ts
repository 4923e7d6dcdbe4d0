/**
 * The one Content Security Policy of Deepwire's page, whichever host serves it: sent as a header by
 * the web host and by the Electron session, and mirrored by the meta tag in src-renderer/index.html
 * (tests compare them). No remote content, no eval, no inline script.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte Flow positions nodes with style attributes; no inline <style> or script is needed otherwise.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  // 'self' covers the web host's WebSocket and the dev server's same-port HMR socket.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Headers only: a meta tag cannot express frame-ancestors.
  "frame-ancestors 'none'",
].join('; ');

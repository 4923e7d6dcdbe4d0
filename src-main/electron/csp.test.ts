import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopContentSecurityPolicy, isAppResource, withContentSecurityPolicy } from './csp';

const builtHtml = resolve(import.meta.dirname, '../../out/renderer/index.html');

function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function readBuiltHtml(): string {
  // Deliberately a failure, not a skip: CI builds before testing, and a silent skip would hide a regression.
  if (!existsSync(builtHtml)) throw new Error(`${builtHtml} is missing: run \`npx electron-vite build\` before this test.`);
  return readFileSync(builtHtml, 'utf8');
}

function metaPolicies(html: string): string[] {
  const metas = html.match(/<meta\b[^>]*>/gis) ?? [];
  return metas
    .filter((tag) => /http-equiv\s*=\s*["']content-security-policy["']/i.test(tag))
    .map((tag) => /content\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? /content\s*=\s*'([^']*)'/i.exec(tag)?.[1] ?? '');
}

/** Source expressions that name no remote host. Anything else (a host, a scheme like https:, *) fails. */
const localSources = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:']);

describe('the built renderer (out/renderer/index.html)', () => {
  const html = readBuiltHtml();
  const policies = metaPolicies(html);
  const csp = parsePolicy(policies[0] ?? '');

  it('has exactly one CSP meta tag', () => {
    expect(policies).toHaveLength(1);
  });

  it('never allows eval', () => {
    expect(policies[0]).not.toMatch(/'unsafe-eval'/i);
  });

  it("allows scripts only from 'self'", () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('names no remote host, wildcard or network scheme', () => {
    for (const [directive, sources] of csp) {
      for (const source of sources) expect(localSources.has(source.toLowerCase()), `${directive} ${source}`).toBe(true);
    }
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("forbids plugins and <base>", () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('loads only its own scripts, none inline', () => {
    const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      const src = /\ssrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
      expect(src, `inline script: ${tag}`).toBeDefined();
      expect(src).toMatch(/^\.?\/assets\//);
    }
  });

  it('matches the policy the main process sends as a header (which adds frame-ancestors)', () => {
    const header = parsePolicy(desktopContentSecurityPolicy);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    header.delete('frame-ancestors');
    expect(Object.fromEntries(header)).toEqual(Object.fromEntries(csp));
  });
});

describe('the CSP response header', () => {
  it('replaces any policy the response brought, whatever its case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [desktopContentSecurityPolicy] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [desktopContentSecurityPolicy] });
  });

  it('applies to the app files and the dev server, not to other origins', () => {
    const fileApp = 'file:///opt/deepwire/out/renderer/index.html';
    expect(isAppResource('file:///opt/deepwire/out/renderer/assets/index.js', fileApp)).toBe(true);
    expect(isAppResource('https://example.com/', fileApp)).toBe(false);
    const devApp = 'http://localhost:5173/';
    expect(isAppResource('http://localhost:5173/src/main.ts', devApp)).toBe(true);
    expect(isAppResource('http://localhost:5174/', devApp)).toBe(false);
    expect(isAppResource('not a url', devApp)).toBe(false);
  });
});

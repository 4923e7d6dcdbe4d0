import { describe, expect, it } from 'vitest';
import { externalLinkAllowlist, externalLinkDecision, isAllowedNavigation, isAppPage } from './navigation';

const fileApp = 'file:///opt/Deepwire/resources/app.asar/out/renderer/index.html';
const devApp = 'http://localhost:5173/';

describe('isAllowedNavigation (built app on file://)', () => {
  it.each([
    fileApp,
    `${fileApp}#/designs/mnist`,
    `${fileApp}?view=compare`,
    // The URL parser resolves dot segments, so this is the same file.
    'file:///opt/Deepwire/resources/app.asar/out/renderer/./index.html',
  ])('allows its own page: %s', (url) => {
    expect(isAllowedNavigation(url, fileApp)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://evil.example/',
    'https://github.com/',
    'file:///etc/passwd',
    'file:///opt/Deepwire/resources/app.asar/out/renderer/other.html',
    'file:///opt/Deepwire/resources/app.asar/out/renderer/assets/index.js',
    'file://evil-host/opt/Deepwire/resources/app.asar/out/renderer/index.html',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('denies %s', (url) => {
    expect(isAllowedNavigation(url, fileApp)).toBe(false);
  });
});

describe('isAllowedNavigation (dev server)', () => {
  it('allows the dev page, with or without a hash', () => {
    expect(isAllowedNavigation('http://localhost:5173/', devApp)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/#/x', devApp)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173', 'http://localhost:5173')).toBe(true);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173/other',
    'http://user:pass@localhost:5173/',
    'http://evil/',
  ])('denies %s', (url) => {
    expect(isAllowedNavigation(url, devApp)).toBe(false);
  });

  it('never treats an unusual app URL as trustworthy', () => {
    expect(isAppPage('data:text/html,x', 'data:text/html,x')).toBe(false);
    expect(isAppPage('javascript:1', 'javascript:1')).toBe(false);
    expect(isAppPage(fileApp, 'not a url')).toBe(false);
    expect(isAppPage(null, fileApp)).toBe(false);
    expect(isAppPage(undefined, fileApp)).toBe(false);
  });
});

describe('externalLinkDecision', () => {
  it.each([
    'https://github.com/',
    'https://github.com/deepwire/deepwire/issues?q=is%3Aopen',
    'https://www.deeplearning.ai/courses/deep-learning-specialization/',
    'https://www.coursera.org/specializations/deep-learning',
    'https://www.electronjs.org/docs/latest/tutorial/security',
    'HTTPS://GITHUB.COM/',
  ])('opens %s in the system browser', (url) => {
    expect(externalLinkDecision(url)).toBe('open-external');
  });

  it.each([
    ['plain http', 'http://github.com/'],
    ['userinfo trick', 'https://github.com@evil.com/'],
    ['userinfo on an allowed host', 'https://evil.com@github.com/'],
    ['password', 'https://user:pw@github.com/'],
    ['lookalike suffix', 'https://github.com.evil.com/'],
    ['lookalike prefix', 'https://evilgithub.com/'],
    ['subdomain not listed', 'https://gist.github.com/'],
    ['bare domain not listed', 'https://deeplearning.ai/'],
    ['trailing dot', 'https://github.com./'],
    ['explicit port', 'https://github.com:8443/'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,hi'],
    ['file', 'file:///etc/passwd'],
    ['mailto', 'mailto:a@github.com'],
    ['custom scheme', 'ms-msdt:/id%20PCWDiagnostic'],
    ['relative', '/index.html'],
    ['empty', ''],
    ['garbage', 'https://'],
  ])('denies a %s link', (_label, url) => {
    expect(externalLinkDecision(url)).toBe('deny');
  });

  it('has a short list of exact https hosts', () => {
    expect(externalLinkAllowlist).toEqual(['github.com', 'www.deeplearning.ai', 'www.coursera.org', 'www.electronjs.org']);
  });
});

import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender';

const fileApp = 'file:///home/ada/deepwire/out/renderer/index.html';
const devApp = 'http://localhost:5173';

describe('isTrustedSender', () => {
  it('trusts the app page in the top-level frame', () => {
    expect(isTrustedSender(fileApp, fileApp)).toBe(true);
    expect(isTrustedSender(`${fileApp}#/design`, fileApp)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/', devApp)).toBe(true);
  });

  it('refuses the app page inside an iframe', () => {
    expect(isTrustedSender(fileApp, fileApp, false)).toBe(false);
  });

  it.each([
    'file:///home/ada/deepwire/out/renderer/evil.html',
    'file:///tmp/index.html',
    'https://github.com/',
    'http://localhost:5174/',
    'about:blank',
    'data:text/html,x',
    'javascript:1',
    'devtools://devtools/bundled/inspector.html',
    '',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(url, fileApp)).toBe(false);
    expect(isTrustedSender(url, devApp)).toBe(false);
  });

  it('refuses a missing frame URL', () => {
    expect(isTrustedSender(null, fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
  });
});

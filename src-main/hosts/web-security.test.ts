import { describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin, isAuthorised, readCookie, tokensMatch } from './web-security';

describe('web host decisions', () => {
  it('compares tokens exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'ab')).toBe(false);
    expect(tokensMatch('abc', null)).toBe(false);
  });

  it('reads the token cookie among others', () => {
    expect(readCookie('a=1; deepwire_token=t%2B1; b=2', 'deepwire_token')).toBe('t+1');
    expect(readCookie(undefined, 'deepwire_token')).toBeNull();
  });

  it('treats a token cookie with a malformed escape as absent instead of throwing', () => {
    expect(readCookie('deepwire_token=%E0%A4%A', 'deepwire_token')).toBeNull();
    expect(readCookie('deepwire_token=%zz; deepwire_token=ok', 'deepwire_token')).toBe('ok');
    expect(readCookie('=; deepwire_token; ;;', 'deepwire_token')).toBeNull();
  });

  it('authorises by query or cookie only', () => {
    const token = 'secret';
    expect(isAuthorised({ url: new URL('http://x/?token=secret'), cookieHeader: undefined, token })).toBe(true);
    expect(isAuthorised({ url: new URL('http://x/assets/a.js'), cookieHeader: 'deepwire_token=secret', token })).toBe(true);
    expect(isAuthorised({ url: new URL('http://x/?token=wrong'), cookieHeader: 'deepwire_token=nope', token })).toBe(false);
    expect(isAuthorised({ url: new URL('http://x/'), cookieHeader: undefined, token })).toBe(false);
  });

  it('answers only to its own loopback host name (no DNS rebinding)', () => {
    expect(isAllowedHost('127.0.0.1:5000', 5000)).toBe(true);
    expect(isAllowedHost('localhost:5000', 5000)).toBe(true);
    expect(isAllowedHost('evil.example:5000', 5000)).toBe(false);
    expect(isAllowedHost('127.0.0.1:5001', 5000)).toBe(false);
    expect(isAllowedHost(undefined, 5000)).toBe(false);
  });

  it('accepts sockets from its own page or from non-browser clients only', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5000', 5000)).toBe(true);
    expect(isAllowedOrigin(undefined, 5000)).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 5000)).toBe(false);
    expect(isAllowedOrigin('null', 5000)).toBe(false);
  });
});

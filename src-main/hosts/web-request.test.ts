import { describe, expect, it } from 'vitest';
import { decodeComponent, decodePath, maxTargetLength, parseRequestTarget, singleHostHeader } from './web-request';

describe('request parsing returns data, never throws', () => {
  it('reads origin-form targets, keeping "//" a path rather than a host name', () => {
    const url = parseRequestTarget('/assets/a.js?token=t%2B1');
    expect(url.ok && [url.value.pathname, url.value.searchParams.get('token')]).toEqual(['/assets/a.js', 't+1']);
    const double = parseRequestTarget('//evil.example/x');
    expect(double.ok && [double.value.host, double.value.pathname]).toEqual(['127.0.0.1', '//evil.example/x']);
  });

  it('refuses targets that are not paths, with the status and the value', () => {
    expect(parseRequestTarget('http://evil/')).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('"http://evil/"') });
    expect(parseRequestTarget('*')).toMatchObject({ ok: false, status: 400 });
    expect(parseRequestTarget('')).toMatchObject({ ok: false, status: 400 });
    expect(parseRequestTarget(undefined)).toMatchObject({ ok: false, status: 400 });
    expect(parseRequestTarget(`/${'a'.repeat(maxTargetLength)}`)).toMatchObject({ ok: false, status: 414 });
  });

  it('decodes a path or says which escape is malformed', () => {
    expect(decodePath('/')).toEqual({ ok: true, value: 'index.html' });
    expect(decodePath('/assets/my%20file.js')).toEqual({ ok: true, value: 'assets/my file.js' });
    // "//" strips to the folder itself, which the host never serves (404), rather than to index.html.
    expect(decodePath('//')).toEqual({ ok: true, value: '' });
    expect(decodePath('/%zz')).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('"/%zz"') });
    expect(decodePath('/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(decodePath('/a%00.html')).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('NUL') });
    expect(decodeComponent('%E0%A4%A')).toBeNull();
  });

  it('accepts exactly one Host header', () => {
    expect(singleHostHeader(['Host', '127.0.0.1:5', 'Accept', '*/*'])).toEqual({ ok: true, value: '127.0.0.1:5' });
    expect(singleHostHeader(['Accept', '*/*'])).toMatchObject({ ok: false, status: 400 });
    expect(singleHostHeader(['Host', 'a', 'hOST', 'a'])).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('2 Host headers') });
  });
});

// The web host as a browser meets it: the token guards the page, the socket speaks only the contract.
import { expect, test } from './fixtures';

test('without its token the page is refused with a reason', async ({ page, webHost }) => {
  const response = await page.goto(webHost.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs its token');
});

test('with its token the app loads, and the token leaves the address bar', async ({ page, webHost }) => {
  const response = await page.goto(webHost.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('app-info')).toContainText('(web)');
  expect(page.url()).not.toContain('token=');
  // The cookie carries the token on: a reload still works.
  await page.reload();
  await expect(page.getByTestId('app-info')).toContainText('(web)');
});

test("a hostile payload on the page's socket is refused by the schema and the host stays up", async ({ page, webHost }) => {
  await page.goto(webHost.url);
  const replies = await page.evaluate(async (port) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const next = () => new Promise<unknown>((resolve) => (ws.onmessage = (e) => resolve(JSON.parse(String(e.data)))));
    const out: unknown[] = [];
    for (const message of [
      { type: 'call', id: 1, channel: 'designs:save', payload: { name: '../../../../tmp/pwned', content: {} } },
      { type: 'call', id: 2, channel: 'designs:save', payload: { name: 'ok', content: JSON.parse('{"__proto__":{"admin":true}}') } },
      { type: 'call', id: 3, channel: 'app:info', payload: {}, extra: 'field' },
      { type: 'call', id: 4, channel: 'app:info', payload: {} },
    ]) {
      const reply = next();
      ws.send(JSON.stringify(message));
      out.push(await reply);
    }
    ws.close();
    return out;
  }, webHost.port);
  expect(replies[0]).toMatchObject({ type: 'result', id: 1, result: { ok: false, error: { code: 'invalid_request' } } });
  expect(replies[1]).toMatchObject({ type: 'result', id: 2, result: { ok: false, error: { code: 'invalid_request' } } });
  expect(replies[2]).toMatchObject({ type: 'refused' });
  expect(replies[3]).toMatchObject({ type: 'result', id: 4, result: { ok: true, value: { host: 'web' } } });
});

test('a socket from another origin is refused', async ({ page, webHost }) => {
  await page.goto('about:blank');
  const outcome = await page.evaluate(async ({ port, token }) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    return new Promise<string>((resolve) => {
      ws.onopen = () => resolve('opened');
      ws.onerror = () => resolve('refused');
    });
  }, { port: webHost.port, token: webHost.token });
  // about:blank sends Origin "null", which is not the app's own page.
  expect(outcome).toBe('refused');
});

// The web host, started for real on loopback, driven over HTTP and a real WebSocket.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from './web-host';
import { startWebApp } from './web-app';

let dir: string;
let host: WebHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepwire-webhost-'));
  await mkdir(join(dir, 'static/assets'), { recursive: true });
  await writeFile(join(dir, 'static/index.html'), '<!doctype html><title>Deepwire</title>');
  await writeFile(join(dir, 'static/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  host = await startWebApp({ dataDir: join(dir, 'data'), staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(query = `?token=${host.token}`, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one raw message and waits for the next message from the host. */
function exchange(ws: WebSocket, raw: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(raw);
  });
}

describe('web host over HTTP', () => {
  it('prints a loopback URL with its token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses the page and its assets without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/')).body).toMatch(/needs its token/);
  });

  it('serves the page with its token, a strict CSP and a cookie for the assets', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    const cookie = String((page.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    expect(cookie).toBe(`deepwire_token=${host.token}`);
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
  });

  it('refuses another Host name and paths outside the renderer', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(`/../secret.txt?token=${host.token}`)).status).toBe(404);
    expect((await get(`/%2e%2e/secret.txt?token=${host.token}`)).status).toBe(404);
  });
});

describe('web host over WebSocket', () => {
  it('refuses a socket without the token (401) or from another origin (403)', async () => {
    await expect(open('')).rejects.toThrow(/401/);
    await expect(open('?token=wrong')).rejects.toThrow(/401/);
    await expect(open(`?token=${host.token}`, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers commands of the contract', async () => {
    const ws = await open();
    const reply = await exchange(ws, JSON.stringify({ type: 'call', id: 7, channel: 'app:info', payload: {} }));
    expect(reply).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { host: 'web', name: 'Deepwire' } } });
    ws.close();
  });

  it('rejects hostile messages by schema and stays up', async () => {
    const ws = await open();
    expect(await exchange(ws, 'not json')).toEqual({ type: 'refused', message: 'Messages must be JSON.' });
    expect(await exchange(ws, JSON.stringify({ type: 'call', id: -1, channel: 'app:info' }))).toMatchObject({ type: 'refused' });
    const traversal = await exchange(ws, JSON.stringify({ type: 'call', id: 1, channel: 'designs:open', payload: { name: '../../etc/passwd' } }));
    expect(traversal).toMatchObject({ type: 'result', id: 1, result: { ok: false, error: { code: 'invalid_request' } } });
    const unknown = await exchange(ws, JSON.stringify({ type: 'call', id: 2, channel: 'shell:exec', payload: { cmd: 'rm -rf /' } }));
    expect(unknown).toMatchObject({ result: { ok: false, error: { code: 'unknown_command' } } });
    ws.close();
  });

  it('closes a socket that sends an oversized message, and keeps serving others', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await open();
    const reply = await exchange(again, JSON.stringify({ type: 'call', id: 1, channel: 'designs:list', payload: {} }));
    expect(reply).toMatchObject({ result: { ok: true } });
    again.close();
  });

  it('pushes events to connected pages', async () => {
    const watcher = await open();
    const event = new Promise<Record<string, unknown>>((resolve) =>
      watcher.on('message', (data) => {
        const message = JSON.parse(data.toString()) as Record<string, unknown>;
        if (message.type === 'events') resolve(message);
      }),
    );
    const saver = await open();
    await exchange(saver, JSON.stringify({ type: 'call', id: 1, channel: 'designs:save', payload: { name: 'Moons', content: { format: 'deepwire-design', version: 1, nodes: [], edges: [] } } }));
    expect(await event).toEqual({ type: 'events', batch: [{ event: 'designs:changed', payload: { names: ['Moons'] } }] });
    watcher.close();
    saver.close();
  });
});

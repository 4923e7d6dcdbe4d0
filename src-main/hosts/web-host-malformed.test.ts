// A corpus of malformed requests sent over raw TCP to the real web entry (src-main/web.ts) running
// as a child process: a throw anywhere in the host kills that process, and the test sees it die.
// Raw sockets, because fetch and http.request normalise or refuse most of these requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcess;
let exited: string | null = null;
let port = 0;
let token = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepwire-malformed-'));
  await mkdir(join(dir, 'static/assets'), { recursive: true });
  await writeFile(join(dir, 'static/index.html'), '<!doctype html><title>Deepwire</title>');
  await writeFile(join(dir, 'static/assets/app.js'), 'console.log(1)');
  const args = ['--import', 'tsx', join(root, 'src-main/web.ts'), '--json', '--static', join(dir, 'static'), '--data', join(dir, 'data')];
  child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (code, signal) => (exited = `the web host exited (code ${code}, signal ${signal}):\n${stderr.slice(-2000)}`));
  const first = await new Promise<string>((done, fail) => {
    child.stdout!.once('data', (chunk: Buffer) => done(chunk.toString()));
    child.once('exit', () => fail(new Error(exited ?? 'exited')));
  });
  ({ port, token } = JSON.parse(first) as { port: number; token: string });
});

afterAll(async () => {
  if (exited === null) {
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await gone;
  }
  await rm(dir, { recursive: true, force: true });
});

/** Sends raw bytes and resolves with the status code of the first response, or 0 if the socket closed without one. */
function rawStatus(bytes: string | Buffer): Promise<number> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = (status: number) => {
      socket.destroy();
      done(status);
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const line = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (line) finish(Number(line[1]));
    });
    socket.on('error', () => finish(0));
    socket.on('close', () => finish(0));
    socket.write(bytes);
  });
}

const crlf = '\r\n';
const hostLine = () => `Host: 127.0.0.1:${port}`;
const request = (target: string, headers: string[] = [hostLine()], method = 'GET') =>
  [`${method} ${target} HTTP/1.1`, ...headers, 'Connection: close', '', ''].join(crlf);
const upgradeHeaders = (extra: string[] = []) => [
  hostLine(),
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ...extra,
];
const upgrade = (target: string, headers = upgradeHeaders()) => [`GET ${target} HTTP/1.1`, ...headers, '', ''].join(crlf);

interface Case {
  name: string;
  bytes: () => string | Buffer;
  /** The statuses that are right for this request; never 500, never none. */
  expected: number[];
}

const corpus: Case[] = [
  { name: 'GET //', bytes: () => request('//'), expected: [400, 401, 404] },
  { name: 'GET // with the token', bytes: () => request(`//?token=${token}`), expected: [400, 404] },
  { name: 'GET //evil.example/x', bytes: () => request('//evil.example/x'), expected: [400, 401, 404] },
  { name: 'GET /\\evil', bytes: () => request('/\\evil'), expected: [400, 401, 404] },
  { name: 'bad percent-escape', bytes: () => request('/%zz'), expected: [400] },
  { name: 'bad percent-escape with the token', bytes: () => request(`/%zz?token=${token}`), expected: [400] },
  { name: 'truncated UTF-8 escape in the path', bytes: () => request(`/%E0%A4%A?token=${token}`), expected: [400] },
  { name: 'bad escape in the query', bytes: () => request(`/?token=%zz`), expected: [401] },
  { name: 'encoded traversal', bytes: () => request(`/..%2f..%2fetc/passwd?token=${token}`), expected: [400, 404] },
  { name: 'dot-dot traversal', bytes: () => request(`/%2e%2e/%2e%2e/etc/passwd?token=${token}`), expected: [400, 404] },
  { name: 'encoded NUL in the path', bytes: () => request(`/assets/app.js%00.html?token=${token}`), expected: [400] },
  { name: 'absolute-form target to another host', bytes: () => request('http://evil/'), expected: [400] },
  { name: 'asterisk-form target', bytes: () => request('*'), expected: [400] },
  { name: 'target without a slash', bytes: () => request('index.html'), expected: [400] },
  { name: 'long URL (10 kB)', bytes: () => request(`/${'a'.repeat(10_000)}`), expected: [414, 431] },
  { name: 'absurdly long URL (100 kB)', bytes: () => request(`/${'a'.repeat(100_000)}`), expected: [414, 431] },
  { name: 'header without a colon', bytes: () => request('/', [hostLine(), 'NoColonHere']), expected: [400] },
  { name: 'no Host header', bytes: () => request('/', []), expected: [400] },
  { name: 'duplicate Host header', bytes: () => request(`/?token=${token}`, [hostLine(), 'Host: evil.example']), expected: [400] },
  { name: 'duplicate Host header, same value', bytes: () => request(`/?token=${token}`, [hostLine(), hostLine()]), expected: [400] },
  { name: 'Host with a port out of range', bytes: () => request('/', ['Host: 127.0.0.1:99999']), expected: [400, 403] },
  { name: 'Host with a word for a port', bytes: () => request('/', ['Host: 127.0.0.1:abc']), expected: [400, 403] },
  { name: 'Host with an empty port', bytes: () => request('/', ['Host: 127.0.0.1:']), expected: [400, 403] },
  { name: 'Host of another name', bytes: () => request(`/?token=${token}`, [`Host: evil.example:${port}`]), expected: [403] },
  { name: 'NUL in the request line', bytes: () => `GET /\0 HTTP/1.1${crlf}${hostLine()}${crlf}${crlf}`, expected: [400] },
  { name: 'NUL in a header value', bytes: () => request('/', [hostLine(), 'X-Thing: a\0b']), expected: [400] },
  { name: 'unknown method', bytes: () => request('/', [hostLine()], 'BREW'), expected: [400, 405, 501] },
  { name: 'DELETE', bytes: () => request(`/?token=${token}`, [hostLine()], 'DELETE'), expected: [405] },
  { name: 'HTTP version 9.9', bytes: () => `GET / HTTP/9.9${crlf}${hostLine()}${crlf}${crlf}`, expected: [400, 505] },
  { name: 'TLS hello to the plain port', bytes: () => Buffer.from('160301020001000100fc0303', 'hex'), expected: [400] },
  { name: 'malformed token cookie', bytes: () => request('/', [hostLine(), 'Cookie: deepwire_token=%E0%A4%A']), expected: [401] },
  {
    name: 'malformed token cookie beside a good query token',
    bytes: () => request(`/?token=${token}`, [hostLine(), 'Cookie: deepwire_token=%E0%A4%A']),
    expected: [200],
  },
  { name: 'cookie "="', bytes: () => request('/', [hostLine(), 'Cookie: =']), expected: [401] },
  { name: 'cookie name without a value', bytes: () => request('/', [hostLine(), 'Cookie: deepwire_token']), expected: [401] },
  { name: 'cookie of separators only', bytes: () => request('/', [hostLine(), 'Cookie: ;;; ;=;']), expected: [401] },
  {
    name: 'many cookies',
    bytes: () => request('/', [hostLine(), `Cookie: ${Array.from({ length: 800 }, (_, i) => `c${i}=%E0`).join('; ')}`]),
    expected: [401],
  },
  { name: 'huge cookie', bytes: () => request('/', [hostLine(), `Cookie: deepwire_token=${'%'.repeat(40_000)}`]), expected: [431] },
  { name: 'upgrade to //', bytes: () => upgrade('//'), expected: [400, 401, 404] },
  { name: 'upgrade to // with the token', bytes: () => upgrade(`//?token=${token}`), expected: [400, 404] },
  { name: 'upgrade to /%zz', bytes: () => upgrade('/%zz'), expected: [400] },
  { name: 'upgrade to an absolute-form target', bytes: () => upgrade(`http://evil/ws?token=${token}`), expected: [400] },
  {
    name: 'upgrade without a key',
    bytes: () => upgrade(`/ws?token=${token}`, upgradeHeaders().filter((h) => !h.startsWith('Sec-WebSocket-Key'))),
    expected: [400],
  },
  {
    name: 'upgrade with a bad version',
    bytes: () => upgrade(`/ws?token=${token}`, upgradeHeaders().map((h) => (h.startsWith('Sec-WebSocket-Version') ? 'Sec-WebSocket-Version: 7' : h))),
    expected: [400, 426],
  },
  { name: 'upgrade with a bad token', bytes: () => upgrade('/ws?token=wrong'), expected: [401] },
  { name: 'upgrade with a malformed token cookie', bytes: () => upgrade('/ws', upgradeHeaders(['Cookie: deepwire_token=%E0%A4%A'])), expected: [401] },
  { name: 'upgrade with a duplicate Host', bytes: () => upgrade(`/ws?token=${token}`, upgradeHeaders(['Host: evil.example'])), expected: [400] },
  { name: 'upgrade from another origin', bytes: () => upgrade(`/ws?token=${token}`, upgradeHeaders(['Origin: https://evil.example'])), expected: [403] },
  { name: 'upgrade to another path', bytes: () => upgrade(`/other?token=${token}`), expected: [404] },
];

function validPage(): Promise<number> {
  return rawStatus(request(`/?token=${token}`));
}

describe('the web host survives malformed requests', () => {
  it.each(corpus)('$name', async ({ bytes, expected }) => {
    const status = await rawStatus(bytes());
    // A dead host shows as status 0 here and as a refused connection below.
    expect(exited).toBeNull();
    expect(expected).toContain(status);
    expect(await validPage()).toBe(200);
    expect(exited).toBeNull();
  });

  it('still serves the page and a working WebSocket after the whole corpus', async () => {
    expect(await validPage()).toBe(200);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((done, fail) => {
      ws.once('open', done);
      ws.once('error', fail);
    });
    const reply = await new Promise<Record<string, unknown>>((done) => {
      ws.once('message', (data) => done(JSON.parse(data.toString()) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'app:info', payload: {} }));
    });
    expect(reply).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { host: 'web' } } });
    ws.close();
    expect(exited).toBeNull();
  });
});

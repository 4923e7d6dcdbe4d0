/**
 * The web host: the built renderer and the contract over one WebSocket, on 127.0.0.1 only,
 * guarded by a per-launch token. It is what the e2e suite drives and what runs where Electron cannot.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, describeIssues, maxMessageBytes, type Dispatch, type ServerMessage } from '@shared/api';
import { createEventBatcher, type QueuedEvent } from './event-batcher';
import {
  isAllowedHost,
  isAllowedOrigin,
  isAuthorised,
  tokenCookie,
  webContentSecurityPolicy,
} from './web-security';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface WebHostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Queue an event for every connected page (batched). */
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => {});
  const sockets = new Set<WebSocket>();
  let port = 0;

  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const batcher = createEventBatcher({
    send: (batch: QueuedEvent[]) => {
      for (const socket of sockets) send(socket, { type: 'events', batch });
    },
  });

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${message}\n`);
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const path = normalize(join(options.staticDir, relative));
    if (!path.startsWith(normalize(options.staticDir) + sep)) return refuse(res, 404, 'Not found.');
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, 'Not found.');
    const headers: Record<string, string> = {
      'content-type': contentTypes[extname(path)] ?? 'application/octet-stream',
      'content-length': String(info.size),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': relative === 'index.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (extname(path) === '.html') {
      headers['content-security-policy'] = webContentSecurityPolicy;
      headers['x-frame-options'] = 'DENY';
      // The cookie lets the page's own assets and socket in without repeating the token in every URL.
      headers['set-cookie'] = `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(path).pipe(res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 403, 'This host only answers to 127.0.0.1.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served.');
    if (!isAuthorised({ url, cookieHeader: req.headers.cookie, token })) {
      return refuse(res, 401, 'Deepwire needs its token: open the URL the web host printed, including ?token=.');
    }
    serveFile(req, res, url).catch((error: unknown) => {
      log(`web host: could not serve ${url.pathname}: ${String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'Could not read that file.');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorised =
      url.pathname === '/ws' &&
      isAllowedHost(req.headers.host, port) &&
      isAllowedOrigin(req.headers.origin, port) &&
      isAuthorised({ url, cookieHeader: req.headers.cookie, token });
    if (!authorised) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // ws closes the socket itself (1009) on an oversized frame; the error must not crash the host.
    ws.on('error', (error) => log(`web host: socket error: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send(ws, { type: 'refused', message: 'Binary messages are not accepted.' });
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return send(ws, { type: 'refused', message: 'Messages must be JSON.' });
      }
      const parsed = ClientMessage.safeParse(json);
      if (!parsed.success) return send(ws, { type: 'refused', message: describeIssues(parsed.error, 'message') });
      const { id, channel, payload } = parsed.data;
      void options.dispatch(channel, payload, { host: 'web' }).then((result) => send(ws, { type: 'result', id, result }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the web host is never reachable from another machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    broadcast: (event, payload) => batcher.push(event, payload),
    async close() {
      batcher.flush();
      batcher.dispose();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The web host: the built renderer and the contract over one WebSocket, on 127.0.0.1 only,
 * guarded by a per-launch token. It is what the e2e suite drives and what runs where Electron cannot.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, describeIssues, maxMessageBytes, type Dispatch, type ServerMessage } from '@shared/api';
import { createEventBatcher, type QueuedEvent } from './event-batcher';
import { createOutbox, defaultSendBufferBounds, SendBufferBounds, type Outbox } from './socket-outbox';
import {
  isAllowedHost,
  isAllowedOrigin,
  isAuthorised,
  tokenCookie,
  webContentSecurityPolicy,
} from './web-security';
import { decodePath, parseRequestTarget, quoted, singleHostHeader, type Checked, type Refusal } from './web-request';

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

/** 431 when the head was too large, 408 when it came too slowly, 400 for anything else node's parser refused. */
function statusForParseError(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** Answers on a raw socket (a refused upgrade, a request node could not parse) and closes it once the answer is out. */
function endRaw(socket: Duplex, status: number, message: string) {
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface WebHostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
  /** Bounds on what may wait to be sent to one page (bytes, and how long it may stay over the hard bound). */
  sendBuffer?: Partial<SendBufferBounds>;
}

/** One connected page, as the host sees it (for diagnostics and tests). */
export interface WebClientState {
  /** The page's end of the connection, to tell clients apart. */
  remotePort: number;
  /** Bytes written to the page's socket that it has not taken yet. */
  bufferedAmount: number;
  /** Events held back (latest state per key) while the page is over the soft bound. */
  queuedEvents: number;
}

interface Client {
  outbox: Outbox;
  remotePort: number;
}

/** The bounds with defaults filled in; a wrong value throws at start-up, naming the field. */
function readSendBufferBounds(given: Partial<SendBufferBounds> | undefined): SendBufferBounds {
  const parsed = SendBufferBounds.safeParse({ ...defaultSendBufferBounds, ...given });
  if (!parsed.success) throw new Error(describeIssues(parsed.error, 'sendBuffer'));
  return parsed.data;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Queue an event for every connected page (batched). */
  broadcast(event: string, payload: unknown): void;
  /** The connected pages and what waits to be sent to each. */
  clients(): WebClientState[];
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => {});
  const bounds = readSendBufferBounds(options.sendBuffer);
  const clients = new Map<WebSocket, Client>();
  let port = 0;

  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) clients.get(socket)?.outbox.sendMessage(message);
  };
  const batcher = createEventBatcher({
    send: (batch: QueuedEvent[]) => {
      for (const [socket, { outbox }] of clients) if (socket.readyState === socket.OPEN) outbox.sendEvents(batch);
    },
  });

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${message}\n`);
  };
  /** A malformed request is logged (it may be an attack or a bug in a client) and answered with its status. */
  const refuseMalformed = (res: ServerResponse, refusal: Refusal, what: string) => {
    log(`web host: ${refusal.status} for ${what}: ${refusal.message}`);
    refuse(res, refusal.status, refusal.message);
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, relative: string) => {
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
    // pipeline, not pipe: a read error (the file removed since stat) must end this response, not the process.
    pipeline(createReadStream(path), res, (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') log(`web host: could not send ${path}: ${error.message}`);
    });
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    const what = `${req.method} ${quoted(req.url ?? '')}`;
    const url = parseRequestTarget(req.url);
    if (!url.ok) return refuseMalformed(res, url, what);
    const host = singleHostHeader(req.rawHeaders);
    if (!host.ok) return refuseMalformed(res, host, what);
    if (!isAllowedHost(host.value, port)) return refuse(res, 403, 'This host only answers to 127.0.0.1.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served.');
    const relativePath = decodePath(url.value.pathname);
    if (!relativePath.ok) return refuseMalformed(res, relativePath, what);
    if (!isAuthorised({ url: url.value, cookieHeader: req.headers.cookie, token })) {
      return refuse(res, 401, 'Deepwire needs its token: open the URL the web host printed, including ?token=.');
    }
    serveFile(req, res, relativePath.value).catch((error: unknown) => {
      log(`web host: could not serve ${url.value.pathname}: ${String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'Could not read that file.');
      else res.destroy();
    });
  };

  // Sockets whose response is being written: a parse error there must not write a second status line into it.
  const responding = new WeakSet<Duplex>();
  const server = createServer((req, res) => {
    responding.add(req.socket);
    res.once('close', () => responding.delete(req.socket));
    try {
      handleRequest(req, res);
    } catch (error) {
      // Parsing returns data, so this is a bug of ours; it costs this request, never the host.
      log(`web host: ${req.method} ${quoted(req.url ?? '')} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'The web host could not answer that request.');
      else res.destroy();
    }
  });

  // Requests node's parser refuses (no colon in a header, NUL bytes, a head over 16 KiB, TLS on the plain port).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') log(`web host: refused a malformed request (${error.code ?? 'no code'}): ${error.message}`);
    if (error.code === 'ECONNRESET' || !socket.writable || responding.has(socket)) return socket.destroy();
    endRaw(socket, statusForParseError(error.code), 'The request could not be parsed.');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const checkUpgrade = (req: IncomingMessage): Checked<null> => {
    const url = parseRequestTarget(req.url);
    if (!url.ok) return url;
    const host = singleHostHeader(req.rawHeaders);
    if (!host.ok) return host;
    if (!isAllowedHost(host.value, port)) return { ok: false, status: 403, message: 'This host only answers to 127.0.0.1.' };
    const path = decodePath(url.value.pathname);
    if (!path.ok) return path;
    if (url.value.pathname !== '/ws') return { ok: false, status: 404, message: 'The socket is at /ws.' };
    if (!isAllowedOrigin(req.headers.origin, port)) return { ok: false, status: 403, message: 'Sockets are only accepted from the page this host served.' };
    if (!isAuthorised({ url: url.value, cookieHeader: req.headers.cookie, token })) {
      return { ok: false, status: 401, message: 'The socket needs the token.' };
    }
    return { ok: true, value: null };
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // node has removed its own listener from an upgraded socket: a reset before the handshake must not crash us.
    socket.on('error', (error) => log(`web host: socket error before the handshake: ${error.message}`));
    try {
      const decision = checkUpgrade(req);
      if (!decision.ok) {
        if (decision.status === 400 || decision.status === 414) log(`web host: ${decision.status} for upgrade to ${quoted(req.url ?? '')}: ${decision.message}`);
        return endRaw(socket, decision.status, decision.message);
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (error) {
      log(`web host: upgrade to ${quoted(req.url ?? '')} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      endRaw(socket, 500, 'The web host could not answer that request.');
    }
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    clients.set(ws, { outbox: createOutbox(ws, { bounds, log }), remotePort: req.socket.remotePort ?? 0 });
    ws.on('close', () => {
      clients.get(ws)?.outbox.dispose();
      clients.delete(ws);
    });
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
      options
        .dispatch(channel, payload, { host: 'web' })
        .then((result) => send(ws, { type: 'result', id, result }))
        // dispatch turns failures into data; this guards against a bug there becoming an unhandled rejection.
        .catch((error: unknown) => {
          log(`web host: ${channel} threw: ${String(error)}`);
          send(ws, { type: 'result', id, result: { ok: false, error: { code: 'internal', message: `${channel} failed unexpectedly.` } } });
        });
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
    clients: () =>
      [...clients].map(([ws, { outbox, remotePort }]) => ({ remotePort, bufferedAmount: ws.bufferedAmount, queuedEvents: outbox.queuedEvents })),
    async close() {
      batcher.flush();
      batcher.dispose();
      for (const socket of clients.keys()) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

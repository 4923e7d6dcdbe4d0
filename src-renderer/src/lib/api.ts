/**
 * The only module that talks to the host. In the desktop app it uses the preload's `window.api`;
 * in a browser it opens the web host's WebSocket. The rest of the UI sees one typed client.
 */
import {
  ServerMessage,
  createClient,
  methodName,
  type Client,
  type CommandName,
  type EventName,
  type LinkChange,
  type PreloadApi,
  type Transport,
} from '@shared/api';

function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (channel: CommandName, request: unknown) => {
      const fn = api[methodName(channel)];
      if (typeof fn !== 'function') return Promise.reject(new Error(`the desktop app does not offer ${channel}`));
      return fn(request);
    },
    subscribe: (event: EventName, listener) => api.on(event, listener),
  };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A WebSocket transport that reconnects and keeps calls waiting until the socket is open. */
export function webSocketTransport(url: string): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const linkListeners = new Set<(change: LinkChange) => void>();
  let wasDown = false;
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = 250;

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const message of outbox.splice(0)) ws.send(message);
      if (wasDown) for (const listener of linkListeners) listener({ state: 'up' });
      wasDown = false;
    };
    ws.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = ServerMessage.safeParse(data);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      } else if (message.type === 'events') {
        for (const { event: name, payload } of message.batch) for (const fn of listeners.get(name) ?? []) fn(payload);
      } else {
        console.warn(`Deepwire's web host refused a message: ${message.message}`);
      }
    };
    ws.onclose = (event) => {
      // Tell once per outage (retries that fail to connect close again without news).
      if (!wasDown) {
        wasDown = true;
        const change: LinkChange = { state: 'down', reason: closeReason(event) };
        for (const listener of linkListeners) listener(change);
      }
      for (const [id, call] of pending) {
        call.reject(new Error('the connection to the web host was lost'));
        pending.delete(id);
      }
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    kind: 'web',
    invoke(channel, request) {
      const id = nextId++;
      const message = JSON.stringify({ type: 'call', id, channel, payload: request });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push(message);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    watchLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
}

/** Why the socket closed, in words: the host's own reason when it gave one (e.g. a page that fell behind). */
export function closeReason(event: { code: number; reason: string }): string {
  if (event.reason) return `${event.reason} (code ${event.code})`;
  if (event.code === 1006) return 'the web host stopped answering (is it still running?)';
  return `the connection closed (code ${event.code})`;
}

/** The web host's socket URL for this page; the token comes from the page URL (or its cookie). */
export function webSocketUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export function connectToHost(): Client {
  if (window.api) return createClient(electronTransport(window.api));
  const client = createClient(webSocketTransport(webSocketUrl(window.location)));
  // Keep the token out of the address bar (and screenshots); the cookie set with the page carries it on.
  if (window.location.search.includes('token=')) {
    const url = new URL(window.location.href);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
  }
  return client;
}

export const api: Client = connectToHost();

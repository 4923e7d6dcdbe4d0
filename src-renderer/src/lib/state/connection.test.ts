import { describe, expect, it, vi } from 'vitest';
import { createClient, type CommandName, type EventName, type LinkChange, type Transport } from '@shared/api';
import { ConnectionState } from './connection.svelte';

const info = { name: 'Deepwire', version: '0.1.0', host: 'web', dataDir: '/data/designs', platform: 'linux' } as const;

/** An in-memory transport: answers commands from a table and lets the test push events. */
function memoryTransport(answer: (channel: CommandName, request: unknown) => Promise<unknown>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: unknown }[] = [];
  const transport: Transport = {
    kind: 'web',
    invoke(channel, request) {
      calls.push({ channel, request });
      return answer(channel, request);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { transport, calls, emit, listeners };
}

const fixedNow = () => Date.UTC(2025, 0, 2, 3, 4, 5);

describe('ConnectionState', () => {
  it('starts out connecting, with the transport’s host kind', () => {
    const { transport } = memoryTransport(() => new Promise(() => {}));
    const connection = new ConnectionState(createClient(transport));
    expect(connection.status).toBe('connecting');
    expect(connection.hostKind).toBe('web');
    expect(connection.hostLabel).toBe('Web');
    expect(connection.lines).toEqual([]);
  });

  it('on success stores app info and logs the connection line', async () => {
    const { transport, calls } = memoryTransport(async () => ({ ok: true, value: info }));
    const connection = new ConnectionState(createClient(transport), { now: fixedNow });
    await connection.connect();
    expect(calls).toEqual([{ channel: 'app:info', request: {} }]);
    expect(connection.status).toBe('connected');
    expect(connection.statusLabel).toBe('Connected');
    expect(connection.info).toEqual(info);
    expect(connection.error).toBeNull();
    expect(connection.summary).toBe('Deepwire 0.1.0 (web)');
    expect(connection.lines).toEqual([
      {
        id: 1,
        time: fixedNow(),
        level: 'info',
        message: 'Connected to the web host — Deepwire 0.1.0, designs in /data/designs',
      },
    ]);
  });

  it('names the desktop app when the host says electron', async () => {
    const { transport } = memoryTransport(async () => ({ ok: true, value: { ...info, host: 'electron' } }));
    const connection = new ConnectionState(createClient(transport));
    await connection.connect();
    expect(connection.hostLabel).toBe('Desktop');
    expect(connection.lines[0]?.message).toMatch(/^Connected to the desktop app — /);
  });

  it('on an error result records the message and logs it as an error', async () => {
    const { transport } = memoryTransport(async () => ({
      ok: false,
      error: { code: 'internal', message: 'The data folder is not writable.' },
    }));
    const connection = new ConnectionState(createClient(transport));
    await connection.connect();
    expect(connection.status).toBe('error');
    expect(connection.statusLabel).toBe('Disconnected');
    expect(connection.error).toBe('The data folder is not writable.');
    expect(connection.info).toBeNull();
    expect(connection.summary).toBe('Not connected (web)');
    expect(connection.lines.map((l) => [l.level, l.message])).toEqual([['error', 'The data folder is not writable.']]);
  });

  it('on a transport failure reports that the services are unreachable', async () => {
    const { transport } = memoryTransport(async () => {
      throw new Error('socket closed');
    });
    const connection = new ConnectionState(createClient(transport));
    await connection.connect();
    expect(connection.status).toBe('error');
    expect(connection.error).toContain('socket closed');
    expect(connection.lines[0]?.level).toBe('error');
  });

  it('treats a malformed app:info reply as an error', async () => {
    const { transport } = memoryTransport(async () => ({ ok: true, value: { name: 'Deepwire' } }));
    const connection = new ConnectionState(createClient(transport));
    await connection.connect();
    expect(connection.status).toBe('error');
    expect(connection.info).toBeNull();
  });

  it('appends app:log events from the host, ignores malformed ones, and stops on dispose()', async () => {
    const { transport, emit, listeners } = memoryTransport(async () => ({ ok: true, value: info }));
    const connection = new ConnectionState(createClient(transport));
    await connection.connect();
    emit('app:log', { level: 'warn', message: 'Disk almost full' });
    emit('app:log', { level: 'shout', message: 42 });
    expect(connection.lines.slice(1).map((l) => [l.level, l.message])).toEqual([['warn', 'Disk almost full']]);
    await connection.connect(); // reconnecting must not subscribe twice
    expect(listeners.get('app:log')?.size).toBe(1);
    connection.dispose();
    expect(listeners.get('app:log')?.size).toBe(0);
  });

  it('keeps at most maxLines lines and can clear them', () => {
    const { transport } = memoryTransport(async () => ({ ok: true, value: info }));
    const connection = new ConnectionState(createClient(transport), { maxLines: 3 });
    for (let i = 1; i <= 5; i++) connection.log('info', `line ${i}`);
    expect(connection.lines.map((l) => l.message)).toEqual(['line 3', 'line 4', 'line 5']);
    connection.clearLog();
    expect(connection.lines).toEqual([]);
  });
});

describe('ConnectionState when the link drops', () => {
  /** A transport whose link the test can drop and restore, like the web socket's. */
  function droppableTransport() {
    const base = memoryTransport(async () => ({ ok: true, value: info }));
    const linkListeners = new Set<(change: LinkChange) => void>();
    const transport: Transport = { ...base.transport, watchLink: (listener) => (linkListeners.add(listener), () => linkListeners.delete(listener)) };
    const change = (value: LinkChange) => {
      for (const listener of linkListeners) listener(value);
    };
    return { ...base, transport, change, linkListeners };
  }

  it('shows the host’s reason, then asks app:info again and tells the page to refresh once it is back', async () => {
    const { transport, calls, change, linkListeners } = droppableTransport();
    const connection = new ConnectionState(createClient(transport), { now: fixedNow });
    let refreshed = 0;
    connection.onReconnected = () => refreshed++;
    await connection.connect();
    expect(connection.status).toBe('connected');

    change({ state: 'down', reason: 'this page fell too far behind (code 1013)' });
    expect(connection.status).toBe('error');
    expect(connection.error).toContain('this page fell too far behind (code 1013)');
    expect(connection.lines.at(-1)).toMatchObject({ level: 'warn' });
    expect(refreshed).toBe(0);

    change({ state: 'up' });
    await vi.waitFor(() => expect(connection.status).toBe('connected'));
    expect(calls.filter((call) => call.channel === 'app:info')).toHaveLength(2);
    await vi.waitFor(() => expect(refreshed).toBe(1));

    connection.dispose();
    expect(linkListeners.size).toBe(0);
  });
});

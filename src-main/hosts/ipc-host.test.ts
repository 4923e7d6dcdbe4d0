import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, createDispatcher, type Result } from '@shared/api';
import { eventBatchChannel } from '@shared/api/preload-api';
import { createHandlers } from '../services/handlers';
import { createIpcHost, untrustedSenderMessage, type EventTargetLike, type IpcInvokeEventLike, type IpcMainLike } from './ipc-host';

const appUrl = 'file:///opt/deepwire/out/renderer/index.html';
type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Stands in for Electron's ipcMain: records handlers so tests can invoke them like the renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, payload: unknown, frame: IpcInvokeEventLike['senderFrame'] = { url: appUrl, parent: null }) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frame }, payload) as Promise<Result<unknown>>;
  };
  return { ipcMain, handlers, invoke };
}

function fakeTarget(url: string, destroyed = false) {
  const sent: unknown[][] = [];
  const target: EventTargetLike = { isDestroyed: () => destroyed, getURL: () => url, send: (...args) => void sent.push(args) };
  return { target, sent };
}

describe('createIpcHost', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'deepwire-ipc-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function setup(targets: EventTargetLike[] = []) {
    const fake = fakeIpcMain();
    const log = vi.fn();
    let host: ReturnType<typeof createIpcHost> | null = null;
    const handlers = createHandlers({ host: 'electron', dataDir, version: '9.9.9', emit: (event, payload) => host?.emit(event, payload) });
    host = createIpcHost({ ipcMain: fake.ipcMain, dispatch: createDispatcher(handlers), appUrl, targets: () => targets, log, intervalMs: 0 });
    return { ...fake, host, log };
  }

  it('registers exactly the command channels', () => {
    const { handlers, host } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(commands).sort());
    expect([...host.channels].sort()).toEqual(Object.keys(commands).sort());
  });

  it('routes a valid app:info call to the services', async () => {
    const { invoke } = setup();
    const result = await invoke('app:info', {});
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ name: 'Deepwire', version: '9.9.9', host: 'electron', dataDir }) });
  });

  it.each([
    ['another page', { url: 'https://evil.example/', parent: null }],
    ['another local file', { url: 'file:///tmp/evil.html', parent: null }],
    ['an iframe of the app page', { url: appUrl, parent: {} }],
    ['a destroyed frame', null],
  ])('refuses %s with an error as data, before any service runs', async (_label, frame) => {
    const { invoke, log } = setup();
    const result = await invoke('designs:save', { name: 'x', content: {} }, frame);
    expect(result).toEqual({ ok: false, error: { code: 'invalid_request', message: untrustedSenderMessage } });
    expect(log).toHaveBeenCalledOnce();
    // Nothing was written: the store never saw the call.
    expect((await invoke('designs:list', {})) as unknown).toEqual({ ok: true, value: { designs: [] } });
  });

  it.each([
    ['a path in the name', { name: '../../etc/passwd' }],
    ['an absolute path', { name: '/etc/passwd' }],
    ['extra keys', { name: 'mnist', extra: true }],
    ['a prototype key', JSON.parse('{"name":"mnist","__proto__":{"polluted":1}}')],
    ['a wrong type', { name: 42 }],
    ['no object', 'mnist'],
    ['nothing', undefined],
  ])('rejects designs:open with %s through the schema', async (_label, payload) => {
    const { invoke } = setup();
    const result = await invoke('designs:open', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_request');
  });

  it('rejects a hostile document on save', async () => {
    const { invoke } = setup();
    const deep = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`);
    const result = await invoke('designs:save', { name: 'deep', content: deep });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns a throwing dispatch into an internal error as data', async () => {
    const fake = fakeIpcMain();
    createIpcHost({
      ipcMain: fake.ipcMain,
      dispatch: () => Promise.reject(new Error('bug')),
      appUrl,
      targets: () => [],
      log: () => {},
    });
    expect(await fake.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('pushes service events in batches to the app window only', async () => {
    const app = fakeTarget(appUrl);
    const foreign = fakeTarget('https://evil.example/');
    const closed = fakeTarget(appUrl, true);
    const { invoke } = setup([app.target, foreign.target, closed.target]);
    const saved = await invoke('designs:save', { name: 'mnist', content: { format: 'deepwire-design', version: 1, nodes: [], edges: [] } });
    expect(saved.ok).toBe(true);
    expect(app.sent).toEqual([[eventBatchChannel, [{ event: 'designs:changed', payload: { names: ['mnist'] } }]]]);
    expect(foreign.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });

  it('coalesces events within an interval and flushes them on dispose', () => {
    const fake = fakeIpcMain();
    const app = fakeTarget(appUrl);
    const host = createIpcHost({ ipcMain: fake.ipcMain, dispatch: async () => ({ ok: true, value: null }), appUrl, targets: () => [app.target] });
    host.emit('app:menu', { action: 'new' });
    host.emit('app:menu', { action: 'save' });
    host.emit('app:log', { level: 'info', message: 'x' });
    // The first event goes at once; the rest wait for the interval, then travel together.
    expect(app.sent).toHaveLength(1);
    host.dispose();
    expect(app.sent).toHaveLength(2);
    expect(app.sent[1]).toEqual([
      eventBatchChannel,
      [
        { event: 'app:menu', payload: { action: 'save' } },
        { event: 'app:log', payload: { level: 'info', message: 'x' } },
      ],
    ]);
    expect(fake.handlers.size).toBe(0);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { commands, contractNames, eventNames, methodName } from '@shared/api';
import { buildPreloadApi, type ListenToBatches } from '../preload/build-api';

function setup() {
  const invoke = vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } }));
  let deliver: (batch: unknown) => void = () => {};
  const listen = vi.fn<ListenToBatches>((onBatch) => {
    deliver = onBatch;
  });
  const api = buildPreloadApi(contractNames, invoke, listen);
  return { api, invoke, listen, deliver: (batch: unknown) => deliver(batch) };
}

describe('buildPreloadApi (what window.api is)', () => {
  it('exposes exactly one function per command plus on', () => {
    const { api } = setup();
    const expected = [...Object.keys(commands).map(methodName), 'on'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof api[key]).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('cannot be changed by the page', () => {
    const { api } = setup();
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each command on its own channel, with the request unchanged', async () => {
    const { api, invoke } = setup();
    await api.designsOpen!({ name: 'mnist' });
    await api.appInfo!({});
    expect(invoke.mock.calls).toEqual([
      ['designs:open', { name: 'mnist' }],
      ['app:info', {}],
    ]);
  });

  it('registers one batch listener and fans events out by name', () => {
    const { api, listen, deliver } = setup();
    const changed = vi.fn();
    const menu = vi.fn();
    api.on('designs:changed', changed);
    api.on('app:menu', menu);
    expect(listen).toHaveBeenCalledOnce();
    deliver([
      { event: 'designs:changed', payload: { names: ['a'] } },
      { event: 'app:menu', payload: { action: 'save' } },
      { event: 'designs:changed', payload: { names: ['b'] } },
    ]);
    expect(changed.mock.calls).toEqual([[{ names: ['a'] }], [{ names: ['b'] }]]);
    expect(menu).toHaveBeenCalledExactlyOnceWith({ action: 'save' });
  });

  it('unsubscribes', () => {
    const { api, deliver } = setup();
    const listener = vi.fn();
    const off = api.on('app:log', listener);
    off();
    deliver([{ event: 'app:log', payload: { level: 'info', message: 'hi' } }]);
    expect(listener).not.toHaveBeenCalled();
  });

  it('accepts only the contract event names', () => {
    const { api } = setup();
    for (const name of eventNames) expect(() => api.on(name, () => {})).not.toThrow();
    expect(() => api.on('app:events', () => {})).toThrow(TypeError);
    expect(() => api.on('__proto__', () => {})).toThrow(TypeError);
    expect(() => api.on('designs:changed', 'not a function' as never)).toThrow(TypeError);
  });

  it('ignores malformed batches and keeps going when a listener throws', () => {
    const { api, deliver } = setup();
    const good = vi.fn();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    api.on('app:log', () => {
      throw new Error('boom');
    });
    api.on('app:log', good);
    for (const junk of [null, 'x', 42, {}, [null, 1, { event: 3 }]]) deliver(junk);
    deliver([{ event: 'app:log', payload: { level: 'warn', message: 'm' } }]);
    expect(good).toHaveBeenCalledExactlyOnceWith({ level: 'warn', message: 'm' });
    spy.mockRestore();
  });
});

describe('the built preload (out/preload/index.cjs; run `npx electron-vite build` first)', () => {
  /** Runs the bundle as Electron would, with a stand-in for the one module it may require. */
  function runBuiltPreload() {
    const builtPreload = join(import.meta.dirname, '../../out/preload/index.cjs');
    // Deliberately a failure, not a skip: CI builds before testing.
    if (!existsSync(builtPreload)) throw new Error(`${builtPreload} is missing; run \`npx electron-vite build\` first.`);
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => void exposed.set(key, value) },
      ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve(null)), on: () => {} },
    };
    const required: string[] = [];
    const require = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`the preload may require only electron, not ${name}`);
      return electron;
    };
    runInNewContext(readFileSync(builtPreload, 'utf8'), { require, module: { exports: {} }, exports: {}, console });
    return { api: exposed.get('api')!, invoked, required };
  }

  it('exposes one function per command of the contract (names derived at build time) and on', async () => {
    const { api, invoked, required } = runBuiltPreload();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(commands).map(methodName), 'on'].sort());
    expect(required).toEqual(['electron']);
    await (api.designsList as (request: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual([['designs:list', {}]]);
    const on = api.on as (event: string, listener: () => void) => () => void;
    for (const name of eventNames) expect(() => on(name, () => {})).not.toThrow();
  });
});

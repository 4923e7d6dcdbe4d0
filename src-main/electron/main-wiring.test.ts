/**
 * Electron cannot run on the machines that build Deepwire, so this test runs the real main entry
 * (src-main/index.ts) against a fake `electron` module and checks the wiring: the window's options
 * and page, the lock-down of every web contents, the session policy, IPC and the menu's events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '@shared/api';
import { eventBatchChannel } from '@shared/api/preload-api';

const fake = vi.hoisted(() => {
  type Fn = (...args: unknown[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Fn[]>();
    on(name: string, fn: Fn) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
  }
  class WebContents extends Emitter {
    url = '';
    openHandler: Fn | null = null;
    send = vi.fn();
    getURL = () => this.url;
    isDestroyed = () => false;
    setWindowOpenHandler(handler: Fn) {
      this.openHandler = handler;
    }
  }
  const state = { userData: '', windows: [] as BrowserWindow[], pathToFileURL: (path: string) => path };
  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    static getAllWindows = () => state.windows;
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadFile = vi.fn(async (path: string) => {
      this.webContents.url = state.pathToFileURL(path);
    });
    loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    setPath: vi.fn(),
    getPath: vi.fn(() => state.userData),
    getAppPath: () => '/project',
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
    exit: vi.fn(),
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
  });
  const handlers = new Map<string, Fn>();
  const ipcMain = { handle: (channel: string, fn: Fn) => void handlers.set(channel, fn), removeHandler: (channel: string) => void handlers.delete(channel) };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  };
  const Menu = { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() };
  const shell = { openExternal: vi.fn(async () => {}) };
  return { state, handlers, module: { app, BrowserWindow, ipcMain, session, Menu, shell } };
});

vi.mock('electron', () => fake.module);

const { app, session, Menu, shell } = fake.module;
const tick = () => new Promise((done) => setTimeout(done, 0));

describe('src-main/index.ts against a fake electron', () => {
  let userData: string;
  let window: InstanceType<typeof fake.module.BrowserWindow>;
  let appUrl: string;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'deepwire-main-'));
    fake.state.userData = userData;
    // The main process logs refusals; they are expected here and would only clutter the output.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    fake.state.pathToFileURL = (path) => pathToFileURL(path).href;
    await import('../index');
    await tick();
    window = fake.state.windows[0]!;
    appUrl = window.webContents.url;
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(userData, { recursive: true, force: true });
  });

  it('sandboxes every renderer and takes the single-instance lock', () => {
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('opens one hardened window on the built page with the CommonJS preload', () => {
    expect(fake.state.windows).toHaveLength(1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: true });
    expect(prefs.preload as string).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window.loadFile).toHaveBeenCalledOnce();
    expect(window.loadFile.mock.calls[0]![0]).toMatch(/[\\/]renderer[\\/]index\.html$/);
    expect(appUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('denies permissions and sets the CSP header on the session', () => {
    const ses = session.defaultSession;
    const request = ses.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const callback = vi.fn();
    request({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((ses.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean)(null, 'notifications')).toBe(false);
    const onHeaders = ses.webRequest.onHeadersReceived.mock.calls[0]![0] as (details: object, cb: (r: object) => void) => void;
    const respond = vi.fn();
    onHeaders({ url: appUrl, responseHeaders: {} }, respond);
    expect(respond.mock.calls[0]![0]).toMatchObject({ responseHeaders: { 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] } });
  });

  it('keeps the window on its page and sends only allowlisted links to the browser', () => {
    const contents = window.webContents;
    const navigate = (event: string, url: string) => {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };
    expect(navigate('will-navigate', 'http://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', `${appUrl}#/x`)).toBe(false);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled();

    expect(contents.openHandler!({ url: 'https://github.com@evil.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(contents.openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/');
  });

  it('answers IPC from its own page only, with services writing to userData', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual(Object.keys(commands).sort());
    const call = (channel: string, payload: unknown, url = appUrl) => fake.handlers.get(channel)!({ senderFrame: { url, parent: null } }, payload);
    await expect(call('app:info', {})).resolves.toMatchObject({ ok: true, value: { host: 'electron', dataDir: userData } });
    await expect(call('app:info', {}, 'https://evil.example/')).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns File → Save into an app:menu event for the window', async () => {
    const template = Menu.buildFromTemplate.mock.calls[0]![0] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const file = template.find((item) => item.label?.replace('&', '') === 'File')!;
    // Let the batching interval left by earlier events pass, so this event travels alone.
    await new Promise((done) => setTimeout(done, 50));
    window.webContents.send.mockClear();
    file.submenu!.find((item) => item.label === 'Save')!.click!();
    await new Promise((done) => setTimeout(done, 50));
    expect(window.webContents.send).toHaveBeenCalledWith(eventBatchChannel, [{ event: 'app:menu', payload: { action: 'save' } }]);
    expect(Menu.setApplicationMenu).toHaveBeenCalled();
  });

  it('focuses the window when a second instance starts', () => {
    app.emit('second-instance');
    expect(window.focus).toHaveBeenCalled();
  });
});

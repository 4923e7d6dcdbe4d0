/**
 * The Electron main process: lifecycle, the one window, and wiring. Every decision (window
 * options, navigation, links, permissions, who may call IPC, the menu) is a pure function in
 * ./electron/, unit-tested under plain Node; this file only connects them to Electron.
 */
import { app, BrowserWindow, Menu, ipcMain, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher } from '@shared/api';
import { desktopContentSecurityPolicy, isAppResource, withContentSecurityPolicy } from './electron/csp';
import { createIpcHost, type IpcHost } from './hosts/ipc-host';
import { buildMenuTemplate } from './electron/menu-template';
import { externalLinkDecision, isAllowedNavigation } from './electron/navigation';
import { denyDevicePermission, denyPermissionCheck, denyPermissionRequest } from './electron/permissions';
import { chooseNativeBinding } from './electron/native-binding';
import { createWindowOptions } from './electron/window-options';
import { createHandlers } from './services/handlers';
import type { HistoryDatabase } from './services/history/history-service';
import { defaultDatabaseFile, openRunStore } from './services/history/open-run-store';
import type { SearchService } from './services/search/search-service';
import { MemoryRunStore, type RunStore } from './services/training/run-store';
import { TrainingService } from './services/training/training-service';
import { builtWorkerEntry } from './services/training/worker-entry';
import { nativeKernelsNote } from './native/install';
import { appVersion } from './version';

const log = (line: string) => console.error(`deepwire: ${line}`);
// Loads the native kernels for the runs main prepares, and says once which kernels train here.
log(nativeKernelsNote());

// Same override as the web host and the CLI (services/data-dir.ts), so tests and users can point
// the desktop app at another library. Must precede the single-instance lock, which is per folder.
if (process.env.DEEPWIRE_DATA) app.setPath('userData', process.env.DEEPWIRE_DATA);

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const rendererDir = join(import.meta.dirname, '../renderer');
// The dev server URL is honoured only in development: a packaged app always loads its own files.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const appUrl = devServerUrl ?? pathToFileURL(join(rendererDir, 'index.html')).href;

let mainWindow: BrowserWindow | null = null;
let ipcHost: IpcHost | null = null;
let trainingService: TrainingService | null = null;
let searchService: SearchService | null = null;

function openExternalIfAllowed(url: string): void {
  if (externalLinkDecision(url) === 'open-external') void shell.openExternal(url);
  else log(`blocked a link to ${JSON.stringify(url.slice(0, 200))}`);
}

/** Applied to every web contents ever created (windows, DevTools, anything unexpected). */
function lockDown(contents: WebContents): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, appUrl)) return;
    event.preventDefault();
    // A plain <a href> to an allowed site still opens, in the system browser.
    openExternalIfAllowed(url);
  };
  contents.on('will-navigate', (event, url) => refuseNavigation(event, url));
  contents.on('will-redirect', (event, url) => refuseNavigation(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.setDevicePermissionHandler(denyDevicePermission);
  // file:// pages are governed by the meta tag in index.html; the header covers the dev server.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, appUrl)) return callback({});
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, desktopContentSecurityPolicy) });
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    createWindowOptions(join(import.meta.dirname, '../preload/index.cjs'), {
      icon: join(app.getAppPath(), 'resources', 'icon.png'),
      devTools: !app.isPackaged,
    }),
  );
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => log(`the window's renderer stopped (${details.reason}).`));
  const loaded = devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(join(rendererDir, 'index.html'));
  loaded.catch((error: unknown) => log(`could not load the app page: ${String(error)}`));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** The experiment database in the data folder, with the better-sqlite3 build for Electron's ABI; this launch only (no History) if it cannot open. */
function openStore(): { store: RunStore; history: HistoryDatabase | null } {
  const nativeBinding = chooseNativeBinding({ electronVersion: process.versions.electron, isPackaged: app.isPackaged, root: app.getAppPath(), exists: existsSync });
  const opened = openRunStore(defaultDatabaseFile(app.getPath('userData')), { ...(nativeBinding && { nativeBinding }), log });
  if (!opened.ok) {
    log(`${opened.message} Runs of this launch are kept in memory only.`);
    return { store: new MemoryRunStore(), history: null };
  }
  for (const notice of opened.notices) log(notice);
  return { store: opened.store, history: { db: opened.db, store: opened.store } };
}

function startServices(): void {
  const { store, history } = openStore();
  const handlers = createHandlers({
    host: 'electron',
    dataDir: app.getPath('userData'),
    version: appVersion,
    emit: (event, payload) => ipcHost?.emit(event, payload),
    training: (emit) => (trainingService = new TrainingService({ emit, store, worker: builtWorkerEntry(import.meta.dirname), warmSpare: true })),
    ...(history && { history }),
    onSearchService: (search) => (searchService = search),
    log,
  });
  const dispatch = createDispatcher(handlers, {
    onInternalError: (channel, error) => log(`internal error in ${channel}: ${String(error)}`),
  });
  ipcHost = createIpcHost({
    ipcMain,
    dispatch,
    appUrl,
    targets: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    log,
  });
}

function installMenu(): void {
  app.setAboutPanelOptions({
    applicationName: 'Deepwire',
    applicationVersion: appVersion,
    copyright: 'MIT License',
  });
  const template = buildMenuTemplate({
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    send: (action) => ipcHost?.emit('app:menu', { action }),
    openExternal: openExternalIfAllowed,
    showAbout: () => app.showAboutPanel(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  // Another Deepwire already runs on this data folder; it is told (second-instance) and focuses.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // will-quit, not before-quit: a cancelled quit must not leave the window without its services.
  app.on('will-quit', () => {
    ipcHost?.dispose();
    // Searches first: they end 'interrupted' (resumable) before the runs they train are ended.
    searchService?.dispose();
    void trainingService?.dispose();
  });

  app
    .whenReady()
    .then(() => {
      secureSession();
      startServices();
      installMenu();
      mainWindow = createWindow();
      // macOS keeps the app alive without windows; clicking the dock icon opens one again.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
      });
    })
    .catch((error: unknown) => {
      log(`could not start: ${String(error)}`);
      app.exit(1);
    });
}

/**
 * The application menu as data. Document commands (New, Open, Save, Save As) only tell the
 * renderer what was chosen (`app:menu`); the renderer owns the document and decides what to do.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '@shared/api/contract';

export type MenuAction = EventPayload<'app:menu'>['action'];

/** Opened from Help → Learn more; must be on the external-link allowlist (tested). */
export const learnMoreUrl = 'https://www.deeplearning.ai/courses/deep-learning-specialization/';

export interface MenuDeps {
  isMac: boolean;
  /** Reload and DevTools are development tools: hidden in packaged builds. */
  isPackaged: boolean;
  send: (action: MenuAction) => void;
  /** Must itself go through the external-link allowlist. */
  openExternal: (url: string) => void;
  /** Shows the About panel (app.showAboutPanel). */
  showAbout: () => void;
}

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const { isMac, isPackaged, send } = deps;
  const about: MenuItemConstructorOptions = { label: 'About Deepwire', click: () => deps.showAbout() };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  // `&` marks the Alt-key mnemonic on Windows and Linux; macOS has no mnemonics.
  const top = (name: string) => (isMac ? name : `&${name}`);

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: 'Deepwire',
          submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => send('new') },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send('open') },
      separator,
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('saveAs') },
      separator,
      // On macOS Quit lives in the app menu; File ends with Close Window there.
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: top('Edit'),
    // Undo and Redo go to the page, which undoes the design (or the text field being edited):
    // the built-in roles would only ever reach text fields.
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => send('undo') },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: () => send('redo') },
      separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, separator, { role: 'selectAll' }],
  };

  const developerItems: MenuItemConstructorOptions[] = isPackaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, separator];
  const view: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };

  const window: MenuItemConstructorOptions = isMac
    ? { role: 'windowMenu' }
    : { label: top('Window'), submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [
      { label: 'Learn more', click: () => deps.openExternal(learnMoreUrl) },
      // macOS already has About in the app menu.
      ...(isMac ? [] : [separator, about]),
    ],
  };

  return [...appMenu, file, edit, view, window, help];
}

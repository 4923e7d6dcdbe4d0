import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, learnMoreUrl, type MenuDeps } from './menu-template';
import { externalLinkDecision } from './navigation';

function build(overrides: Partial<MenuDeps> = {}) {
  const deps: MenuDeps = {
    isMac: false,
    isPackaged: false,
    send: vi.fn(),
    openExternal: vi.fn(),
    showAbout: vi.fn(),
    ...overrides,
  };
  return { deps, template: buildMenuTemplate(deps) };
}

/** Every item, depth first, with the label path that leads to it. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}
const byLabel = (items: MenuItemConstructorOptions[], label: string) => flatten(items).find((item) => item.label === label);
const roles = (items: MenuItemConstructorOptions[]) => flatten(items).map((item) => item.role).filter(Boolean);
const topLabels = (items: MenuItemConstructorOptions[]) => items.map((item) => item.label?.replace('&', '') ?? item.role);
// Electron's click(menuItem, window, event): the template's handlers ignore the arguments.
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Window and Help (and the app menu on macOS)', () => {
    expect(topLabels(build().template)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(topLabels(build({ isMac: true }).template)).toEqual(['Deepwire', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
  });

  it.each([
    ['New', 'CmdOrCtrl+N', 'new'],
    ['Open…', 'CmdOrCtrl+O', 'open'],
    ['Save', 'CmdOrCtrl+S', 'save'],
    ['Save As…', 'CmdOrCtrl+Shift+S', 'saveAs'],
    ['Undo', 'CmdOrCtrl+Z', 'undo'],
    ['Redo', 'CmdOrCtrl+Shift+Z', 'redo'],
  ] as const)('%s has %s and sends %s to the renderer', (label, accelerator, action) => {
    const { deps, template } = build();
    const item = byLabel(template, label);
    expect(item?.accelerator).toBe(accelerator);
    click(item);
    expect(deps.send).toHaveBeenCalledExactlyOnceWith(action);
  });

  it('has Quit, and the standard edit and view roles', () => {
    const all = roles(build().template);
    for (const role of ['quit', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize']) {
      expect(all).toContain(role);
    }
    expect(roles(build({ isMac: true }).template)).toContain('quit');
  });

  it('offers reload and DevTools only in development', () => {
    expect(roles(build({ isPackaged: false }).template)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    const packaged = roles(build({ isPackaged: true }).template);
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
  });

  it('Help has About Deepwire and a Learn more link that is on the allowlist', () => {
    const { deps, template } = build();
    const help = template.at(-1)!;
    expect(help.role).toBe('help');
    const helpItems = flatten([help]);
    click(helpItems.find((item) => item.label === 'About Deepwire'));
    expect(deps.showAbout).toHaveBeenCalledOnce();
    click(helpItems.find((item) => item.label === 'Learn more'));
    expect(deps.openExternal).toHaveBeenCalledExactlyOnceWith(learnMoreUrl);
    expect(externalLinkDecision(learnMoreUrl)).toBe('open-external');
  });

  it('puts About in the app menu on macOS, once', () => {
    const { template } = build({ isMac: true });
    expect(flatten(template).filter((item) => item.label === 'About Deepwire')).toHaveLength(1);
    expect(byLabel([template[0]!], 'About Deepwire')).toBeDefined();
  });

  it('uses Alt mnemonics only off macOS', () => {
    expect(build().template[0]!.label).toBe('&File');
    expect(build({ isMac: true }).template[1]!.label).toBe('File');
  });
});

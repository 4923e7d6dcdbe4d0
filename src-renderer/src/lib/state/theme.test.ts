import { afterEach, describe, expect, it } from 'vitest';
import { FakeMediaQuery, FakeRoot, MemoryStorage } from './fakes';
import { DARK_QUERY, THEME_STORAGE_KEY, ThemeState } from './theme.svelte';

const made: ThemeState[] = [];
function setup({ dark = false, storage = new MemoryStorage() } = {}) {
  const media = new FakeMediaQuery(dark);
  const root = new FakeRoot();
  const queries: string[] = [];
  const theme = new ThemeState({
    storage,
    target: root,
    matchMedia: (query) => {
      queries.push(query);
      return media;
    },
  });
  made.push(theme);
  return { theme, media, root, storage, queries };
}
afterEach(() => {
  for (const theme of made.splice(0)) theme.dispose();
});

describe('ThemeState', () => {
  it('starts in system mode and resolves from the prefers-color-scheme query', () => {
    const light = setup({ dark: false });
    expect(light.queries).toEqual([DARK_QUERY]);
    expect(light.theme.mode).toBe('system');
    expect(light.theme.resolved).toBe('light');
    expect(light.root.attributes.get('data-theme')).toBe('light');

    const dark = setup({ dark: true });
    expect(dark.theme.resolved).toBe('dark');
    expect(dark.root.attributes.get('data-theme')).toBe('dark');
    expect(dark.root.style.colorScheme).toBe('dark');
  });

  it('follows the system scheme live while in system mode', () => {
    const { theme, media, root } = setup({ dark: false });
    media.set(true);
    expect(theme.resolved).toBe('dark');
    expect(root.attributes.get('data-theme')).toBe('dark');
    media.set(false);
    expect(theme.resolved).toBe('light');
    expect(root.attributes.get('data-theme')).toBe('light');
  });

  it('ignores system changes while a theme is pinned, and picks them up again in system mode', () => {
    const { theme, media, root } = setup({ dark: false });
    theme.setMode('light');
    media.set(true);
    expect(theme.resolved).toBe('light');
    expect(root.attributes.get('data-theme')).toBe('light');
    theme.setMode('system');
    expect(theme.resolved).toBe('dark');
    expect(root.attributes.get('data-theme')).toBe('dark');
  });

  it('toggle() cycles system → opposite → pinned system theme → system, changing the look on the first click', () => {
    const { theme, root } = setup({ dark: false });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      theme.toggle();
      seen.push(`${theme.mode}/${root.attributes.get('data-theme')}`);
    }
    expect(seen).toEqual(['dark/dark', 'light/light', 'system/light', 'dark/dark']);

    const onDark = setup({ dark: true }).theme;
    expect(onDark.nextMode).toBe('light');
    onDark.toggle();
    expect(onDark.resolved).toBe('light');
  });

  it('persists a pinned mode and restores it in a new instance', () => {
    const storage = new MemoryStorage();
    const first = setup({ storage }).theme;
    first.setMode('dark');
    expect(storage.getItem(THEME_STORAGE_KEY)).toBe('"dark"');

    const second = setup({ storage, dark: false });
    expect(second.theme.mode).toBe('dark');
    expect(second.root.attributes.get('data-theme')).toBe('dark');

    second.theme.setMode('system');
    expect(storage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(setup({ storage }).theme.mode).toBe('system');
  });

  it('ignores a corrupt stored value', () => {
    const storage = new MemoryStorage();
    storage.setItem(THEME_STORAGE_KEY, '{not json');
    expect(setup({ storage }).theme.mode).toBe('system');
    storage.setItem(THEME_STORAGE_KEY, '"purple"');
    expect(setup({ storage }).theme.mode).toBe('system');
  });

  it('works without storage or matchMedia', () => {
    const root = new FakeRoot();
    const theme = new ThemeState({ storage: null, matchMedia: null, target: root });
    expect(theme.resolved).toBe('light');
    theme.toggle();
    expect(root.attributes.get('data-theme')).toBe('dark');
  });

  it('stops listening after dispose()', () => {
    const { theme, media } = setup();
    theme.dispose();
    expect(media.listeners.size).toBe(0);
  });
});

/**
 * The colour theme: a mode the person picks ('system' follows the OS) and the theme that results.
 * The resolved theme is written to <html data-theme> so app.css and Svelte Flow can follow it.
 */
import { browserStorage, readJson, removeKey, writeJson, type KeyValueStorage } from './storage';

export type ThemeMode = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'deepwire.theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The parts of MediaQueryList we use. */
export interface MediaQueryLike {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
}
export type MatchMedia = (query: string) => MediaQueryLike;

/** Where the theme is applied: normally document.documentElement. */
export interface ThemeTarget {
  setAttribute(name: string, value: string): void;
  readonly style?: { colorScheme: string };
}

export interface ThemeOptions {
  storage?: KeyValueStorage | null;
  matchMedia?: MatchMedia | null;
  target?: ThemeTarget | null;
}

const modes: readonly ThemeMode[] = ['system', 'light', 'dark'];
const isMode = (value: unknown): value is ThemeMode => modes.includes(value as ThemeMode);

export const modeLabels: Record<ThemeMode, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export class ThemeState {
  mode = $state<ThemeMode>('system');
  /** What the OS prefers, kept current by the media query's change event. */
  systemPrefersDark = $state(false);
  readonly resolved: ResolvedTheme = $derived(
    this.mode === 'system' ? (this.systemPrefersDark ? 'dark' : 'light') : this.mode,
  );
  /** The mode a toggle() would switch to, for tooltips. */
  readonly nextMode: ThemeMode = $derived(ThemeState.after(this.mode, this.systemPrefersDark));

  readonly #storage: KeyValueStorage | null;
  readonly #target: ThemeTarget | null;
  readonly #query: MediaQueryLike | null;
  readonly #onSystemChange = (event: { matches: boolean }) => {
    this.systemPrefersDark = event.matches;
    this.#apply();
  };

  constructor(options: ThemeOptions = {}) {
    this.#storage = options.storage === undefined ? browserStorage() : options.storage;
    this.#target = options.target === undefined ? (globalThis.document?.documentElement ?? null) : options.target;
    const matchMedia = options.matchMedia === undefined ? defaultMatchMedia() : options.matchMedia;
    this.#query = matchMedia ? matchMedia(DARK_QUERY) : null;
    this.systemPrefersDark = this.#query?.matches ?? false;
    this.#query?.addEventListener('change', this.#onSystemChange);
    const saved = readJson(this.#storage, THEME_STORAGE_KEY);
    if (isMode(saved)) this.mode = saved;
    this.#apply();
  }

  setMode(mode: ThemeMode): void {
    this.mode = mode;
    if (mode === 'system') removeKey(this.#storage, THEME_STORAGE_KEY);
    else writeJson(this.#storage, THEME_STORAGE_KEY, mode);
    this.#apply();
  }

  /**
   * Cycles through the three modes so that the first click always changes what you see:
   * system → the opposite of the system theme → the system's own theme, pinned → system.
   */
  toggle(): void {
    this.setMode(this.nextMode);
  }

  /** Stops following the OS; for tests and hot reload. */
  dispose(): void {
    this.#query?.removeEventListener('change', this.#onSystemChange);
  }

  static after(mode: ThemeMode, systemPrefersDark: boolean): ThemeMode {
    const system: ResolvedTheme = systemPrefersDark ? 'dark' : 'light';
    const other: ResolvedTheme = systemPrefersDark ? 'light' : 'dark';
    if (mode === 'system') return other;
    return mode === other ? system : 'system';
  }

  #apply(): void {
    if (!this.#target) return;
    this.#target.setAttribute('data-theme', this.resolved);
    if (this.#target.style) this.#target.style.colorScheme = this.resolved;
  }
}

function defaultMatchMedia(): MatchMedia | null {
  if (typeof globalThis.matchMedia !== 'function') return null;
  return (query) => globalThis.matchMedia(query);
}

/** Small hand-written fakes for the state tests (no mocking library). */
import type { KeyValueStorage } from './storage';
import type { MatchMedia, MediaQueryLike, ThemeTarget } from './theme.svelte';

export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** A media query whose answer a test can change, firing 'change' like the browser does. */
export class FakeMediaQuery implements MediaQueryLike {
  matches: boolean;
  readonly listeners = new Set<(event: { matches: boolean }) => void>();
  constructor(matches: boolean) {
    this.matches = matches;
  }
  addEventListener(_type: 'change', listener: (event: { matches: boolean }) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'change', listener: (event: { matches: boolean }) => void): void {
    this.listeners.delete(listener);
  }
  set(matches: boolean): void {
    this.matches = matches;
    for (const listener of this.listeners) listener({ matches });
  }
  matchMedia(): MatchMedia {
    return () => this;
  }
}

export class FakeRoot implements ThemeTarget {
  readonly attributes = new Map<string, string>();
  readonly style = { colorScheme: '' };
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
}

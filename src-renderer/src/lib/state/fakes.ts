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

/** Timers a test advances by hand: callbacks run only when the test says time has passed. */
export class ManualTimers {
  now = 0;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;
  set(callback: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  get count(): number {
    return this.#pending.size;
  }
  /** Moves the clock forward, running every callback that falls due, in time order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

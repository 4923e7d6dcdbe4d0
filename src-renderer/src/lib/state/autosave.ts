/**
 * Crash insurance: unsaved work is copied to local storage shortly after each edit, and offered
 * back on the next start. Writes are throttled, not debounced, so steady editing still reaches
 * storage within `delayMs` of the first unsaved change.
 */
import { z } from 'zod';
import { DesignName } from '@shared/api';
import { maxDesignBytes, parseDesignFile, serializeDesign, type GraphDoc } from '@shared/graph';
import { readJson, removeKey, writeJson, type KeyValueStorage } from './storage';

export const AUTOSAVE_KEY = 'deepwire.autosave';
export const AUTOSAVE_DELAY_MS = 1000;

/** What storage holds: the design as its file text, so reading it back goes through the file parser. */
const StoredSnapshot = z
  .object({
    version: z.literal(1),
    name: DesignName.nullable(),
    /** Milliseconds since the epoch. */
    savedAt: z.number().finite(),
    /** A design file's text: the one design limit (UTF-16 units never outnumber UTF-8 bytes). */
    design: z.string().max(maxDesignBytes),
  })
  .strict();

export interface Recovery {
  name: string | null;
  savedAt: number;
  doc: GraphDoc;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions {
  storage: KeyValueStorage | null;
  delayMs?: number;
  timers?: Timers;
  now?: () => number;
}

export class Autosave {
  readonly #storage: KeyValueStorage | null;
  readonly #delayMs: number;
  readonly #timers: Timers;
  readonly #now: () => number;
  #timer: unknown = null;
  #latest: { doc: GraphDoc; name: string | null } | null = null;

  constructor(options: AutosaveOptions) {
    this.#storage = options.storage;
    this.#delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.#timers = options.timers ?? browserTimers;
    this.#now = options.now ?? Date.now;
  }

  get pending(): boolean {
    return this.#latest !== null;
  }

  /** Remembers the latest unsaved document and writes it within `delayMs`. */
  schedule(doc: GraphDoc, name: string | null): void {
    this.#latest = { doc, name };
    this.#timer ??= this.#timers.set(() => this.flush(), this.#delayMs);
  }

  /** Writes the pending document now (on page hide, say). */
  flush(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    const latest = this.#latest;
    this.#latest = null;
    if (!latest) return;
    writeJson(this.#storage, AUTOSAVE_KEY, {
      version: 1,
      name: latest.name,
      savedAt: this.#now(),
      design: serializeDesign(latest.doc),
    } satisfies z.infer<typeof StoredSnapshot>);
  }

  /** Nothing unsaved any more (saved, or a fresh design): forget the copy. */
  clear(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    this.#latest = null;
    removeKey(this.#storage, AUTOSAVE_KEY);
  }

  /** The stored copy, if there is one and it is a valid design; anything else is treated as absent. */
  read(): Recovery | null {
    const parsed = StoredSnapshot.safeParse(readJson(this.#storage, AUTOSAVE_KEY));
    if (!parsed.success) return null;
    const design = parseDesignFile(parsed.data.design);
    if (!design.ok) return null;
    return { name: parsed.data.name, savedAt: parsed.data.savedAt, doc: design.doc };
  }
}

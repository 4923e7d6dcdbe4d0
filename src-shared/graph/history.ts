/**
 * Undo and redo over immutable documents. Each push records the previous document; pushes with
 * the same coalescing key in a row (a drag, typing into one field) fold into one step, until
 * `seal()` (the drag ends, the field loses focus) or any other edit, undo or redo.
 */
import type { GraphDoc } from './doc';

export interface HistoryOptions {
  /** How many steps back can be undone (default 200); the oldest fall off. */
  limit?: number;
}

export const defaultHistoryLimit = 200;

/** Coalescing key for moving these nodes. */
export function moveKey(ids: readonly string[]): string {
  return `move:${[...ids].sort().join(',')}`;
}

/** Coalescing key for editing one parameter of one node. */
export function paramKey(nodeId: string, field: string): string {
  return `param:${nodeId}:${field}`;
}

export class History {
  #current: GraphDoc;
  #past: GraphDoc[] = [];
  #future: GraphDoc[] = [];
  #openKey: string | null = null;
  #saved: GraphDoc | null;
  readonly limit: number;

  constructor(initial: GraphDoc, options: HistoryOptions = {}) {
    this.limit = Math.max(1, Math.floor(options.limit ?? defaultHistoryLimit));
    this.#current = initial;
    this.#saved = initial;
  }

  get current(): GraphDoc {
    return this.#current;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Steps that can be undone / redone. */
  get undoDepth(): number {
    return this.#past.length;
  }

  get redoDepth(): number {
    return this.#future.length;
  }

  /** True when the current document is not the one last marked saved. */
  get isDirty(): boolean {
    return this.#current !== this.#saved;
  }

  /** Records `doc` as the new current document. An unchanged document (same object) is not a step. */
  push(doc: GraphDoc, coalesceKey?: string): void {
    if (doc === this.#current) return;
    const coalesce = coalesceKey !== undefined && coalesceKey === this.#openKey && this.#past.length > 0;
    if (!coalesce) {
      this.#past.push(this.#current);
      if (this.#past.length > this.limit) this.#past.shift();
    }
    this.#current = doc;
    this.#future = [];
    this.#openKey = coalesceKey ?? null;
  }

  /** Ends the current coalescing group: the next push is its own step even with the same key. */
  seal(): void {
    this.#openKey = null;
  }

  undo(): GraphDoc | null {
    const previous = this.#past.pop();
    if (!previous) return null;
    this.#future.push(this.#current);
    this.#current = previous;
    this.#openKey = null;
    return previous;
  }

  redo(): GraphDoc | null {
    const next = this.#future.pop();
    if (!next) return null;
    this.#past.push(this.#current);
    this.#current = next;
    this.#openKey = null;
    return next;
  }

  /** Starts over from `doc` (a file opened, a template chosen): nothing to undo, and saved. */
  reset(doc: GraphDoc): void {
    this.#current = doc;
    this.#saved = doc;
    this.#past = [];
    this.#future = [];
    this.#openKey = null;
  }

  markSaved(): void {
    this.#saved = this.#current;
  }
}

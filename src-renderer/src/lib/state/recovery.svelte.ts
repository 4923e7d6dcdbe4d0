/**
 * Offers back the unsaved design autosave kept from the last session, and keeps autosave in step
 * with the editor: unsaved work is copied, a saved or fresh document clears the copy.
 */
import type { Autosave, Recovery } from './autosave';
import type { EditorState } from './editor.svelte';

export class RecoveryState {
  /** The design found at start-up, until it is restored or dismissed. */
  offer = $state.raw<Recovery | null>(null);
  readonly #autosave: Autosave;

  constructor(autosave: Autosave) {
    this.#autosave = autosave;
    // Read once and held here: autosaving the new session must not cost the old session's work.
    this.offer = autosave.read();
  }

  /** Call after every editor change. */
  track(editor: EditorState): void {
    if (editor.dirty) this.#autosave.schedule(editor.doc, editor.fileName);
    else this.#autosave.clear();
  }

  /** Opens the recovered design as unsaved work under its old name. */
  restore(editor: EditorState): boolean {
    const offer = this.offer;
    if (!offer) return false;
    this.offer = null;
    editor.load(offer.doc, offer.name, false);
    return true;
  }

  /** Drops the offer, and the stored copy unless the current session has unsaved work of its own. */
  dismiss(editor: EditorState): void {
    this.offer = null;
    if (!editor.dirty) this.#autosave.clear();
  }

  /** Writes pending work now (the page is being hidden or closed). */
  flush(): void {
    this.#autosave.flush();
  }
}

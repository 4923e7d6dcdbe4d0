/**
 * New, Open, Import, Save and Save As: the saved designs (recent first), which file dialog is
 * showing, and the messages they show. Everything that reaches the editor from outside — a
 * saved design, an imported file — goes through the design file parser first, so a bad file is
 * an error message and changes nothing.
 */
import { DesignName, type Client, type DesignSummary, type EventPayload } from '@shared/api';
import { designSizeProblem, parseDesignFile, type GraphDoc } from '@shared/graph';
import type { EditorState } from './editor.svelte';

export type MenuAction = EventPayload<'app:menu'>['action'];

export type FileDialog =
  | { kind: 'open' }
  | { kind: 'save'; mode: 'save' | 'saveAs'; /** A name that is taken, awaiting "Replace". */ conflict: string | null }
  | { kind: 'discard'; message: string; proceed: () => void };

/** The parts of a File that import needs. */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export type LogFn = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Most recently modified first; ties by name. */
export function recentFirst(designs: readonly DesignSummary[]): DesignSummary[] {
  return [...designs].sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt) || a.name.localeCompare(b.name));
}

/** A design name from a file name ("My net.json" → "My net"), or null when it would not be a valid name. */
export function nameFromFileName(fileName: string): string | null {
  const parsed = DesignName.safeParse(fileName.replace(/\.json$/i, ''));
  return parsed.success ? parsed.data : null;
}

/** A template's title as a design name: arrows become hyphens ("2 → 10" → "2-10"), other symbols go. */
export function nameFromTitle(title: string): string | null {
  const plain = title
    .replace(/\s*→\s*/g, '-')
    .replace(/[^\p{L}\p{N} _().-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const parsed = DesignName.safeParse(plain);
  return parsed.success ? parsed.data : null;
}

export class FileActions {
  designs = $state.raw<DesignSummary[]>([]);
  dialog = $state.raw<FileDialog | null>(null);
  /** The message shown in the open dialog or the save dialog. */
  error = $state<string | null>(null);
  busy = $state(false);
  /** A name to offer in the save dialog (an imported file's name). */
  suggestedName = $state<string | null>(null);

  readonly #client: Client;
  readonly #editor: EditorState;
  readonly #log: LogFn;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(client: Client, editor: EditorState, log: LogFn = () => {}) {
    this.#client = client;
    this.#editor = editor;
    this.#log = log;
  }

  /** Listens to the host (design list changes, the desktop menu) and loads the list. */
  start(): Promise<void> {
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe.push(
        this.#client.on('designs:changed', () => void this.refresh()),
        this.#client.on('app:menu', ({ action }) => this.menu(action)),
      );
    }
    return this.refresh();
  }

  dispose(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  async refresh(): Promise<void> {
    const result = await this.#client.call('designs:list', {});
    if (result.ok) this.designs = recentFirst(result.value.designs);
    else this.#log('error', `Could not list saved designs: ${result.error.message}`);
  }

  /** The desktop menu's File items; Undo and Redo are the editor's (App routes them). */
  menu(action: MenuAction): void {
    if (action === 'new') this.requestNew();
    else if (action === 'open') this.showOpen();
    else if (action === 'save') void this.save();
    else if (action === 'saveAs') this.saveAs();
  }

  requestNew(): void {
    this.#unlessDirty('Start a new design? Unsaved changes to the current one will be lost.', () => {
      this.#editor.newDesign();
      this.suggestedName = null;
    });
  }

  showOpen(): void {
    this.error = null;
    this.dialog = { kind: 'open' };
    void this.refresh();
  }

  async openDesign(name: string): Promise<boolean> {
    this.busy = true;
    const result = await this.#client.call('designs:open', { name });
    this.busy = false;
    if (!result.ok) {
      this.error = result.error.message;
      return false;
    }
    const parsed = parseDesignFile(JSON.stringify(result.value.content));
    if (!parsed.ok) {
      this.error = `“${name}” could not be opened: ${parsed.message}`;
      return false;
    }
    this.#unlessDirty(`Open “${name}”? Unsaved changes to the current design will be lost.`, () => {
      this.#editor.load(parsed.doc, result.value.name);
      this.suggestedName = null;
      this.#log('info', `Opened “${result.value.name}”.`);
    });
    return true;
  }

  /** A file picked for import: refused unread when it is too large to be a design. */
  async importFile(file: PickedFile): Promise<boolean> {
    // The one design size limit (src-shared/graph/file.ts), checked before the file is read.
    const tooLarge = designSizeProblem(file.size);
    if (tooLarge) {
      this.error = `“${file.name}” was not imported: ${tooLarge}.`;
      return false;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      this.error = `“${file.name}” could not be read: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    }
    return this.importText(text, file.name);
  }

  /** Reads a design file's text; on any problem, shows why and leaves the current design as it is. */
  importText(text: string, fileName: string): boolean {
    const parsed = parseDesignFile(text);
    if (!parsed.ok) {
      this.error = `“${fileName}” was not imported: ${parsed.message}`;
      return false;
    }
    this.#unlessDirty(`Import “${fileName}”? Unsaved changes to the current design will be lost.`, () => {
      this.#editor.load(parsed.doc, null, false);
      this.suggestedName = nameFromFileName(fileName);
      this.#log('info', `Imported “${fileName}”; save it to keep it.`);
    });
    return true;
  }

  /** Saves under the current name, or asks for one the first time. */
  async save(): Promise<boolean> {
    const name = this.#editor.fileName;
    if (name === null) {
      this.error = null;
      this.dialog = { kind: 'save', mode: 'save', conflict: null };
      return false;
    }
    return this.#write(name, true);
  }

  saveAs(): void {
    this.error = null;
    this.dialog = { kind: 'save', mode: 'saveAs', conflict: null };
  }

  /** The save dialog's Save: refuses a taken name until the person confirms replacing it. */
  async submitSave(input: string, overwrite = false): Promise<boolean> {
    const parsed = DesignName.safeParse(input);
    if (!parsed.success) {
      this.error = parsed.error.issues[0]?.message ?? 'That is not a valid design name.';
      return false;
    }
    return this.#write(parsed.data, overwrite);
  }

  /** "Replace" in the save dialog after a name conflict. */
  confirmOverwrite(): Promise<boolean> {
    const dialog = this.dialog;
    if (dialog?.kind !== 'save' || dialog.conflict === null) return Promise.resolve(false);
    return this.#write(dialog.conflict, true);
  }

  /** Back from "Replace?" to editing the name. */
  cancelOverwrite(): void {
    const dialog = this.dialog;
    if (dialog?.kind === 'save') this.dialog = { ...dialog, conflict: null };
  }

  confirmDiscard(): void {
    const dialog = this.dialog;
    if (dialog?.kind !== 'discard') return;
    this.dialog = null;
    dialog.proceed();
  }

  closeDialog(): void {
    this.dialog = null;
    this.error = null;
  }

  /** The name the save dialog starts with. */
  get defaultName(): string {
    return this.#editor.fileName ?? this.suggestedName ?? '';
  }

  async #write(name: string, overwrite: boolean): Promise<boolean> {
    const doc: GraphDoc = this.#editor.doc;
    this.busy = true;
    const result = await this.#client.call('designs:save', { name, content: doc, overwrite });
    this.busy = false;
    if (result.ok) {
      this.#editor.markSaved(result.value.name, doc);
      this.suggestedName = null;
      this.error = null;
      if (this.dialog?.kind === 'save') this.dialog = null;
      this.#log('info', `Saved “${result.value.name}”.`);
      void this.refresh();
      return true;
    }
    if (result.error.code === 'conflict') {
      const mode = this.dialog?.kind === 'save' ? this.dialog.mode : 'saveAs';
      this.error = null;
      this.dialog = { kind: 'save', mode, conflict: name };
      return false;
    }
    this.error = result.error.message;
    if (this.dialog?.kind !== 'save') this.#log('error', `Could not save “${name}”: ${result.error.message}`);
    return false;
  }

  /** Runs `proceed` now when there is nothing to lose, else after the person confirms. */
  #unlessDirty(message: string, proceed: () => void): void {
    if (!this.#editor.dirty) {
      this.dialog = null;
      this.error = null;
      proceed();
      return;
    }
    this.dialog = { kind: 'discard', message, proceed };
  }
}

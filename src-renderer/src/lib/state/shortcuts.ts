/**
 * The editor's keyboard shortcuts, as a pure mapping from a key press to a command, so the table
 * is tested and the window's key handler stays a dispatcher. Ctrl on Windows/Linux, ⌘ on macOS.
 */
export type ShortcutCommand =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'save'
  | 'saveAs'
  | 'open'
  | 'new';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Commands that still apply while typing in a field: file commands. The rest belong to the field there. */
const fileCommands: ReadonlySet<ShortcutCommand> = new Set(['save', 'saveAs', 'open', 'new']);

export function shortcutFor(press: KeyPress, isMac = false): ShortcutCommand | null {
  const mod = isMac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (press.altKey) return null;
  if (!mod) {
    if (press.shiftKey) return null;
    return key === 'Delete' || key === 'Backspace' ? 'delete' : null;
  }
  if (press.shiftKey) {
    if (key === 'z') return 'redo';
    if (key === 's') return 'saveAs';
    return null;
  }
  const plain: Record<string, ShortcutCommand> = {
    z: 'undo',
    y: 'redo',
    c: 'copy',
    v: 'paste',
    d: 'duplicate',
    a: 'selectAll',
    s: 'save',
    o: 'open',
    n: 'new',
  };
  return plain[key] ?? null;
}

/** Whether a shortcut applies when focus is in an editable element (an input, a select, a text area). */
export function appliesWhileEditing(command: ShortcutCommand): boolean {
  return fileCommands.has(command);
}

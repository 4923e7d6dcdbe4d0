import { describe, expect, it } from 'vitest';
import { appliesWhileEditing, shortcutFor, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps the editor shortcuts with Ctrl', () => {
    const table: [KeyPress, string | null][] = [
      [press('z', { ctrlKey: true }), 'undo'],
      [press('Z', { ctrlKey: true, shiftKey: true }), 'redo'],
      [press('y', { ctrlKey: true }), 'redo'],
      [press('c', { ctrlKey: true }), 'copy'],
      [press('v', { ctrlKey: true }), 'paste'],
      [press('d', { ctrlKey: true }), 'duplicate'],
      [press('a', { ctrlKey: true }), 'selectAll'],
      [press('s', { ctrlKey: true }), 'save'],
      [press('S', { ctrlKey: true, shiftKey: true }), 'saveAs'],
      [press('o', { ctrlKey: true }), 'open'],
      [press('n', { ctrlKey: true }), 'new'],
      [press('Delete'), 'delete'],
      [press('Backspace'), 'delete'],
      [press('x', { ctrlKey: true }), null],
      [press('z'), null],
      [press('Delete', { shiftKey: true }), null],
      [press('z', { ctrlKey: true, altKey: true }), null],
      [press('c', { ctrlKey: true, shiftKey: true }), null],
    ];
    for (const [keys, command] of table) expect([keys, shortcutFor(keys)]).toEqual([keys, command]);
  });

  it('uses ⌘ instead of Ctrl on macOS', () => {
    expect(shortcutFor(press('z', { metaKey: true }), true)).toBe('undo');
    expect(shortcutFor(press('z', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(press('z', { metaKey: true }), false)).toBeNull();
  });

  it('lets fields keep their own undo, copy and delete; file commands still apply', () => {
    expect(['save', 'saveAs', 'open', 'new'].every((c) => appliesWhileEditing(c as never))).toBe(true);
    expect(['undo', 'redo', 'copy', 'paste', 'duplicate', 'delete', 'selectAll'].some((c) => appliesWhileEditing(c as never))).toBe(false);
  });
});

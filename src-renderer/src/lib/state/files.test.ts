import { describe, expect, it } from 'vitest';
import { maxDesignBytes, serializeDesign } from '@shared/graph';
import { courseNet } from '../testing/designs';
import { memoryHost } from '../testing/memory-host';
import { EditorState } from './editor.svelte';
import { FileActions, nameFromFileName, nameFromTitle, recentFirst } from './files.svelte';
import { designTemplates } from '@shared/graph';
import { DesignName } from '@shared/api';

function setup() {
  const host = memoryHost();
  const editor = new EditorState();
  const log: string[] = [];
  const files = new FileActions(host.client, editor, (level, message) => log.push(`${level}: ${message}`));
  return { host, editor, files, log };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FileActions', () => {
  it('asks for a name on the first save, then saves under it without asking', async () => {
    const { host, editor, files } = setup();
    editor.load(courseNet().doc, null, false);
    expect(await files.save()).toBe(false);
    expect(files.dialog).toEqual({ kind: 'save', mode: 'save', conflict: null });

    expect(await files.submitSave('   ')).toBe(false);
    expect(files.error).toBe('a design name cannot be empty');
    expect(await files.submitSave('bad/name')).toBe(false);
    expect(files.error).toMatch(/letters, digits/);
    expect(host.designs.size).toBe(0);

    expect(await files.submitSave('Course net')).toBe(true);
    expect(files.dialog).toBeNull();
    expect([editor.fileName, editor.dirty]).toEqual(['Course net', false]);
    expect(host.designs.get('Course net')?.content).toEqual(editor.doc);

    editor.autoLayout();
    expect(await files.save()).toBe(true);
    expect(files.dialog).toBeNull();
    expect(host.designs.get('Course net')?.content).toEqual(editor.doc);
    expect(host.calls.filter((c) => c.channel === 'designs:save').map((c) => (c.request as { overwrite: boolean }).overwrite)).toEqual([false, true]);
  });

  it('refuses, in the save dialog, names Windows reserves and invisible names, with the same message as the store', async () => {
    const { host, editor, files } = setup();
    editor.load(courseNet().doc, null, false);
    files.saveAs();
    expect(await files.submitSave('LPT1.txt')).toBe(false);
    expect(files.error).toBe('"LPT1.txt" is a name Windows reserves for a device, so it cannot name a file there; choose another name');
    expect(await files.submitSave('\u3164')).toBe(false);
    expect(files.error).toBe('a design name cannot contain invisible or blank-looking characters (it has U+3164)');
    expect(host.calls.filter((c) => c.channel === 'designs:save')).toEqual([]);
  });

  it('Save As asks before replacing a design with the same name', async () => {
    const { host, editor, files } = setup();
    const { doc } = courseNet();
    host.designs.set('Taken', { content: { format: 'x' }, modifiedAt: new Date(0).toISOString() });
    editor.load(doc, null, false);
    files.saveAs();
    expect(await files.submitSave('Taken')).toBe(false);
    expect(files.dialog).toEqual({ kind: 'save', mode: 'saveAs', conflict: 'Taken' });
    expect(host.designs.get('Taken')?.content).toEqual({ format: 'x' });
    files.cancelOverwrite();
    expect(files.dialog).toEqual({ kind: 'save', mode: 'saveAs', conflict: null });
    await files.submitSave('Taken');
    expect(await files.confirmOverwrite()).toBe(true);
    expect(host.designs.get('Taken')?.content).toEqual(doc);
    expect(editor.fileName).toBe('Taken');
  });

  it('opens a saved design, and lists designs most recent first (refreshed on designs:changed)', async () => {
    const { host, editor, files, log } = setup();
    await files.start();
    expect(files.designs).toEqual([]);
    const { doc } = courseNet();
    editor.load(doc, null, false);
    await files.submitSave('First');
    await files.submitSave('Second');
    await tick();
    expect(files.designs.map((d) => d.name)).toEqual(['Second', 'First']);

    editor.newDesign();
    files.showOpen();
    expect(files.dialog).toEqual({ kind: 'open' });
    expect(await files.openDesign('First')).toBe(true);
    expect(files.dialog).toBeNull();
    expect(editor.doc).toEqual(doc);
    expect([editor.fileName, editor.dirty, editor.canUndo]).toEqual(['First', false, false]);
    expect(log.at(-1)).toBe('info: Opened “First”.');

    host.designs.set('Zeroth', { content: {}, modifiedAt: new Date(Date.UTC(2030, 0, 1)).toISOString() });
    host.emit('designs:changed', { names: ['Zeroth'] });
    await tick();
    expect(files.designs[0]?.name).toBe('Zeroth');
    files.dispose();
  });

  it('opening a damaged design or a missing one shows why and changes nothing', async () => {
    const { host, editor, files } = setup();
    const { doc } = courseNet();
    editor.load(doc, 'Mine');
    const before = editor.doc;
    host.designs.set('Broken', { content: { format: 'deepwire-design', version: 1, nodes: 'oops', edges: [] }, modifiedAt: new Date().toISOString() });
    files.showOpen();
    expect(await files.openDesign('Broken')).toBe(false);
    expect(files.error).toMatch(/^“Broken” could not be opened: /);
    expect(await files.openDesign('Missing')).toBe(false);
    expect(files.error).toBe('There is no design named "Missing".');
    expect(editor.doc).toBe(before);
    expect(files.dialog).toEqual({ kind: 'open' });
  });

  it('imports a design file as unsaved work named after the file; a bad file shows the error and changes nothing', async () => {
    const { editor, files } = setup();
    const { doc } = courseNet();
    const before = editor.doc;
    expect(files.importText('{"format": "deepwire-design", "version": 1, "nodes": [', 'cut.json')).toBe(false);
    expect(files.error).toMatch(/^“cut.json” was not imported: This file ends too early/);
    expect(files.importText('[1, 2]', 'list.json')).toBe(false);
    expect(editor.doc).toBe(before);

    expect(await files.importFile({ name: 'huge.json', size: maxDesignBytes + 1, text: () => Promise.reject(new Error('unread')) })).toBe(false);
    expect(files.error).toBe('“huge.json” was not imported: this file is just over 5 MB; a design file can be at most 5 MB.');
    expect(await files.importFile({ name: 'mib.json', size: 5 * 1024 * 1024, text: () => Promise.reject(new Error('unread')) })).toBe(false);
    expect(files.error).toBe('“mib.json” was not imported: this file is 5.2 MB; a design file can be at most 5 MB.');

    expect(await files.importFile({ name: 'My net.json', size: 100, text: async () => serializeDesign(doc) })).toBe(true);
    expect(editor.doc).toEqual(doc);
    expect([editor.fileName, editor.dirty]).toEqual([null, true]);
    expect(files.defaultName).toBe('My net');
  });

  it('asks before New, Open or Import discard unsaved changes', async () => {
    const { host, editor, files } = setup();
    const { doc } = courseNet();
    host.designs.set('Other', { content: JSON.parse(serializeDesign(doc)), modifiedAt: new Date().toISOString() });
    editor.addNode('dense', { x: 0, y: 0 });
    const unsaved = editor.doc;

    files.requestNew();
    expect(files.dialog?.kind).toBe('discard');
    files.closeDialog();
    expect(editor.doc).toBe(unsaved);
    files.requestNew();
    files.confirmDiscard();
    expect([editor.doc.nodes.length, editor.dirty, files.dialog]).toEqual([0, false, null]);

    editor.addNode('dense', { x: 0, y: 0 });
    await files.openDesign('Other');
    expect(files.dialog?.kind).toBe('discard');
    files.confirmDiscard();
    expect(editor.fileName).toBe('Other');
    // Nothing unsaved: no question.
    files.requestNew();
    expect(files.dialog).toBeNull();
  });

  it('acts on the desktop menu', async () => {
    const { host, editor, files } = setup();
    await files.start();
    host.emit('app:menu', { action: 'open' });
    expect(files.dialog).toEqual({ kind: 'open' });
    host.emit('app:menu', { action: 'saveAs' });
    expect(files.dialog).toEqual({ kind: 'save', mode: 'saveAs', conflict: null });
    files.closeDialog();
    host.emit('app:menu', { action: 'save' });
    expect(files.dialog).toEqual({ kind: 'save', mode: 'save', conflict: null });
    editor.addNode('dense', { x: 0, y: 0 });
    host.emit('app:menu', { action: 'new' });
    expect(files.dialog?.kind).toBe('discard');
    host.emit('app:menu', { action: 'explode' }); // not in the contract: ignored
    expect(files.dialog?.kind).toBe('discard');
  });
});

describe('file helpers', () => {
  it('sorts designs by modification time, newest first', () => {
    const at = (iso: string, name: string) => ({ name, modifiedAt: iso, bytes: 1 });
    expect(
      recentFirst([at('2025-01-01T00:00:00Z', 'b'), at('2025-03-01T00:00:00+02:00', 'c'), at('2025-03-01T00:00:00Z', 'a'), at('2025-01-01T00:00:00Z', 'a2')]).map(
        (d) => d.name,
      ),
    ).toEqual(['a', 'c', 'a2', 'b']);
  });

  it('turns a file name into a design name when it can', () => {
    expect(nameFromFileName('My net.json')).toBe('My net');
    expect(nameFromFileName('net.JSON')).toBe('net');
    expect(nameFromFileName('.hidden.json')).toBeNull();
    expect(nameFromFileName('a/b.json')).toBeNull();
    expect(nameFromFileName('CON.json')).toBeNull();
    expect(nameFromFileName('nul.txt.json')).toBeNull();
  });

  it("turns every template's title into a valid design name", () => {
    expect(nameFromTitle('3-layer network (2 → 10 → 5 → 1)')).toBe('3-layer network (2-10-5-1)');
    for (const template of designTemplates) {
      const name = nameFromTitle(template.name);
      expect(name, template.name).not.toBeNull();
      expect(DesignName.safeParse(name).success).toBe(true);
    }
  });
});

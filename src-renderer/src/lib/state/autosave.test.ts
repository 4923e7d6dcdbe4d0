import { describe, expect, it } from 'vitest';
import { serializeDesign } from '@shared/graph';
import { courseNet } from '../testing/designs';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_KEY, Autosave } from './autosave';
import { EditorState } from './editor.svelte';
import { ManualTimers, MemoryStorage } from './fakes';
import { RecoveryState } from './recovery.svelte';

function setup(storage = new MemoryStorage()) {
  const timers = new ManualTimers();
  const autosave = new Autosave({ storage, timers, now: () => 1_700_000_000_000 + timers.now });
  return { storage, timers, autosave };
}

describe('Autosave', () => {
  it('writes the latest document within the delay of the first unsaved change, even while edits keep coming', () => {
    const { storage, timers, autosave } = setup();
    const { doc } = courseNet();
    const later = { ...doc, nodes: doc.nodes.slice(0, 3) };
    autosave.schedule(doc, 'course');
    timers.advance(AUTOSAVE_DELAY_MS / 2);
    autosave.schedule(later, 'course'); // does not push the write back
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull();
    expect(autosave.pending).toBe(true);
    timers.advance(AUTOSAVE_DELAY_MS / 2);
    expect(autosave.pending).toBe(false);
    expect(autosave.read()).toEqual({ name: 'course', savedAt: 1_700_000_000_000 + AUTOSAVE_DELAY_MS, doc: later });
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(2000);
  });

  it('flushes at once on request, and clears both the stored copy and a pending write', () => {
    const { storage, timers, autosave } = setup();
    const { doc } = courseNet();
    autosave.schedule(doc, null);
    autosave.flush();
    expect(autosave.read()?.doc).toEqual(doc);
    expect(timers.count).toBe(0);
    autosave.schedule(doc, null);
    autosave.clear();
    timers.advance(AUTOSAVE_DELAY_MS * 2);
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull();
    expect(autosave.read()).toBeNull();
  });

  it('treats a damaged or foreign stored value as nothing to recover', () => {
    const { storage, autosave } = setup();
    const { doc } = courseNet();
    for (const value of [
      'not json',
      JSON.stringify({ version: 1, name: null, savedAt: 1, design: '{"format":"something-else"}' }),
      JSON.stringify({ version: 2, name: null, savedAt: 1, design: serializeDesign(doc) }),
      JSON.stringify({ version: 1, name: '../../etc', savedAt: 1, design: serializeDesign(doc) }),
      JSON.stringify({ version: 1, name: null, savedAt: 1, design: serializeDesign(doc).slice(0, 40) }),
    ]) {
      storage.setItem(AUTOSAVE_KEY, value);
      expect(autosave.read()).toBeNull();
    }
    storage.setItem(AUTOSAVE_KEY, JSON.stringify({ version: 1, name: 'ok', savedAt: 5, design: serializeDesign(doc) }));
    expect(autosave.read()).toEqual({ name: 'ok', savedAt: 5, doc });
  });
});

describe('RecoveryState', () => {
  it('keeps unsaved editing in storage, offers it in the next session, and restores it as unsaved work', () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    const recovery = new RecoveryState(first.autosave);
    expect(recovery.offer).toBeNull();
    const editor = new EditorState({ onChange: (e) => recovery.track(e) });
    const { doc } = courseNet();
    editor.load(doc, 'course'); // clean: nothing to keep
    expect(first.timers.count).toBe(0);
    editor.autoLayout();
    first.timers.advance(AUTOSAVE_DELAY_MS);
    // (The "crash": the first session ends without saving.)

    const second = setup(storage);
    const next = new RecoveryState(second.autosave);
    expect(next.offer?.name).toBe('course');
    expect(next.offer?.doc).toEqual(editor.doc);
    const fresh = new EditorState({ onChange: (e) => next.track(e) });
    expect(next.restore(fresh)).toBe(true);
    expect(fresh.doc).toEqual(editor.doc);
    expect([fresh.fileName, fresh.dirty]).toEqual(['course', true]);
    expect(next.offer).toBeNull();
    expect(next.restore(fresh)).toBe(false);
  });

  it('forgets the copy once the work is saved, and when the offer is dismissed with nothing unsaved', () => {
    const storage = new MemoryStorage();
    const { autosave, timers } = setup(storage);
    const recovery = new RecoveryState(autosave);
    const editor = new EditorState({ onChange: (e) => recovery.track(e) });
    editor.addNode('dense', { x: 0, y: 0 });
    timers.advance(AUTOSAVE_DELAY_MS);
    expect(storage.getItem(AUTOSAVE_KEY)).not.toBeNull();
    editor.markSaved('mine');
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull();

    editor.addNode('dense', { x: 0, y: 0 });
    recovery.flush();
    const later = new RecoveryState(setup(storage).autosave);
    const clean = new EditorState();
    later.dismiss(clean);
    expect(later.offer).toBeNull();
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull();
  });
});

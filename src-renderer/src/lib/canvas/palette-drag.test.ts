import { describe, expect, it } from 'vitest';
import { carriesKind, droppedKind, kindMimeType, startKindDrag, type DragData } from './palette-drag';

class FakeDataTransfer implements DragData {
  readonly data = new Map<string, string>();
  effectAllowed = 'none';
  get types() {
    return [...this.data.keys()];
  }
  getData(type: string) {
    return this.data.get(type) ?? '';
  }
  setData(type: string, value: string) {
    this.data.set(type, value);
  }
}

describe('palette drag data', () => {
  it('carries the kind under its own type and reads it back on drop', () => {
    const transfer = new FakeDataTransfer();
    startKindDrag(transfer, 'batchnorm');
    expect(transfer.effectAllowed).toBe('copy');
    expect(carriesKind(transfer)).toBe(true);
    expect(droppedKind(transfer)).toBe('batchnorm');
  });

  it('ignores other drags and refuses kinds that do not exist', () => {
    const text = new FakeDataTransfer();
    text.setData('text/plain', 'dense');
    expect(carriesKind(text)).toBe(false);
    expect(droppedKind(text)).toBeNull();
    const forged = new FakeDataTransfer();
    forged.setData(kindMimeType, 'transformer');
    expect(droppedKind(forged)).toBeNull();
    expect(carriesKind(null)).toBe(false);
    expect(droppedKind(null)).toBeNull();
  });
});

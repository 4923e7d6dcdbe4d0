import { describe, expect, it } from 'vitest';
import { pagesFor, rowWindow, scrollToReveal } from './history-window';

const base = { viewportHeight: 300, rowHeight: 30, total: 10_000, overscan: 5 };

describe('rowWindow', () => {
  it('renders the visible rows plus the overscan, and a spacer for all 10,000', () => {
    expect(rowWindow({ ...base, scrollTop: 0 })).toEqual({ first: 0, end: 15, offsetTop: 0, totalHeight: 300_000 });
    // Scrolled to row 1000 exactly: rows 1000–1009 are visible, 995–1014 rendered.
    expect(rowWindow({ ...base, scrollTop: 30_000 })).toEqual({ first: 995, end: 1015, offsetTop: 995 * 30, totalHeight: 300_000 });
  });

  it('covers a partly visible row at either edge', () => {
    const window = rowWindow({ ...base, overscan: 0, scrollTop: 45 }); // half of row 1 … half of row 11
    expect([window.first, window.end]).toEqual([1, 12]);
  });

  it('stops at the last row, and a scroll past the end (the table shrank) shows the last screenful', () => {
    expect(rowWindow({ ...base, scrollTop: 299_700 })).toMatchObject({ first: 9985, end: 10_000 });
    expect(rowWindow({ ...base, total: 20, scrollTop: 299_700 })).toMatchObject({ first: 5, end: 20, offsetTop: 150 });
  });

  it('renders nothing for an empty table', () => {
    expect(rowWindow({ ...base, total: 0, scrollTop: 500 })).toEqual({ first: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});

describe('pagesFor', () => {
  it('names each page holding a rendered row once', () => {
    expect(pagesFor(0, 15, 200)).toEqual([0]);
    expect(pagesFor(195, 215, 200)).toEqual([0, 200]);
    expect(pagesFor(9985, 10_000, 200)).toEqual([9800]);
    expect(pagesFor(5, 5, 200)).toEqual([]);
  });
});

describe('scrollToReveal', () => {
  it('scrolls just enough to show a row above or below the view, and not at all for a visible one', () => {
    expect(scrollToReveal(3, 300, 300, 30)).toBe(90);
    expect(scrollToReveal(25, 300, 300, 30)).toBe(480);
    expect(scrollToReveal(12, 300, 300, 30)).toBe(300);
  });
});

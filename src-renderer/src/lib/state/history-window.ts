/**
 * The maths of a virtualized table, as pure functions: which rows a scroll position shows (plus a
 * few either side, so a quick scroll never shows blank rows), where the first rendered row sits,
 * and which pages of rows those need. Rows have one fixed height: that is what makes this exact.
 */

export interface WindowInput {
  /** Pixels scrolled from the top of the rows. */
  scrollTop: number;
  /** Height of the visible area, in pixels. */
  viewportHeight: number;
  rowHeight: number;
  /** Rows in the whole (filtered) table. */
  total: number;
  /** Extra rows rendered above and below the visible ones. */
  overscan: number;
}

export interface RowWindow {
  /** The first row rendered (index into the whole table). */
  first: number;
  /** One past the last row rendered. */
  end: number;
  /** Where the first rendered row starts, in pixels from the top. */
  offsetTop: number;
  /** Height of every row together: the spacer that gives the scrollbar its length. */
  totalHeight: number;
}

export function rowWindow({ scrollTop, viewportHeight, rowHeight, total, overscan }: WindowInput): RowWindow {
  const totalHeight = Math.max(0, total) * rowHeight;
  if (total <= 0 || rowHeight <= 0) return { first: 0, end: 0, offsetTop: 0, totalHeight };
  // A scroll position past the end (the table just got shorter) shows the last screenful.
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(total, lastVisible + overscan);
  return { first, end, offsetTop: first * rowHeight, totalHeight };
}

/** The offsets of the pages (of `pageSize` rows) that hold rows first..end-1. */
export function pagesFor(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return [];
  const pages: number[] = [];
  for (let offset = Math.floor(first / pageSize) * pageSize; offset < end; offset += pageSize) pages.push(offset);
  return pages;
}

/** The scroll position that brings row `index` into view (unchanged when it already is). */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}

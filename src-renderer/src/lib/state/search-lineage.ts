/** The lineage of searches (coarse to fine) as rows of a tree. */
import type { SearchSummary } from '@shared/api';

/** One search in the lineage tree: its depth (0 for a first search) for indenting. */
export interface LineageRow {
  search: SearchSummary;
  depth: number;
  /** Whether it is the last child of its parent (for drawing the tree's elbow). */
  last: boolean;
}

/**
 * Searches as a forest: roots newest first, each followed by its children (oldest first, as they
 * were narrowed), depth first. A child whose parent is not listed is shown as a root.
 */
export function lineageRows(searches: readonly SearchSummary[]): LineageRow[] {
  const ids = new Set(searches.map((s) => s.searchId));
  const childrenOf = new Map<string, SearchSummary[]>();
  const roots: SearchSummary[] = [];
  for (const search of searches) {
    if (search.parentId && ids.has(search.parentId)) {
      const list = childrenOf.get(search.parentId) ?? [];
      list.push(search);
      childrenOf.set(search.parentId, list);
    } else roots.push(search);
  }
  const byCreated = (a: SearchSummary, b: SearchSummary) => a.createdAt.localeCompare(b.createdAt);
  roots.sort((a, b) => byCreated(b, a));
  const rows: LineageRow[] = [];
  const visit = (search: SearchSummary, depth: number, last: boolean) => {
    rows.push({ search, depth, last });
    const children = (childrenOf.get(search.searchId) ?? []).sort(byCreated);
    children.forEach((child, i) => visit(child, depth + 1, i === children.length - 1));
  };
  roots.forEach((root, i) => visit(root, 0, i === roots.length - 1));
  return rows;
}

import { describe, expect, it } from 'vitest';
import { SearchPlan, type SearchSummary } from '@shared/api';
import { fakeSearchHost } from './search-fake-host';
import { lineageRows, SearchListState } from './search-list.svelte';

const space = { learningRate: { kind: 'log' as const, min: 1e-4, max: 1 } };
const plan = SearchPlan.parse({ trials: 2, epochs: 2, parallel: 2 });

describe('SearchListState', () => {
  it('lists searches newest first and keeps them current with search:progress', async () => {
    const host = fakeSearchHost();
    host.seed({ name: 'First', space, plan });
    host.seed({ name: 'Second', space, plan });
    const list = new SearchListState(host.client);
    await list.start();
    expect(list.searches.map((s) => s.name)).toEqual(['Second', 'First']);
    host.tick('search-1');
    host.tick('search-1');
    expect(list.find('search-1')?.status).toBe('completed');
    expect(list.find('search-1')?.done).toBe(2);
    list.dispose();
  });

  it('resumes an interrupted search, and refuses one that is not', async () => {
    const host = fakeSearchHost();
    host.seed({ space, plan });
    host.interrupt('search-1');
    const list = new SearchListState(host.client);
    await list.start();
    expect(list.find('search-1')?.status).toBe('interrupted');
    expect(await list.resume('search-1')).toBe(true);
    expect(list.find('search-1')?.status).toBe('running');
    expect(await list.resume('search-1')).toBe(false);
    expect(list.error).toBe('Could not resume search-1: search-1 is running: only an interrupted search resumes.');
  });

  it('shows a listing error as a sentence', async () => {
    const host = fakeSearchHost();
    host.replies['search:list'] = () => ({ ok: false, error: { code: 'unavailable', message: 'Searches are not available in this host yet.' } });
    const list = new SearchListState(host.client);
    await list.start();
    expect(list.error).toBe('Could not list the searches: Searches are not available in this host yet.');
  });
});

describe('lineageRows', () => {
  const summary = (searchId: string, createdAt: string, parentId: string | null) => ({ searchId, createdAt, parentId }) as SearchSummary;
  it('draws roots newest first, each followed by its children oldest first, depth first', () => {
    const rows = lineageRows([
      summary('search-4', '2025-01-04T00:00:00Z', 'search-1'),
      summary('search-3', '2025-01-03T00:00:00Z', 'search-2'),
      summary('search-2', '2025-01-02T00:00:00Z', 'search-1'),
      summary('search-1', '2025-01-01T00:00:00Z', null),
      summary('search-5', '2025-01-05T00:00:00Z', null),
      summary('search-6', '2025-01-06T00:00:00Z', 'search-gone'),
    ]);
    expect(rows.map((r) => `${r.search.searchId}:${r.depth}${r.last ? 'L' : ''}`)).toEqual([
      'search-6:0',
      'search-5:0',
      'search-1:0L',
      'search-2:1',
      'search-3:2L',
      'search-4:1L',
    ]);
  });
});

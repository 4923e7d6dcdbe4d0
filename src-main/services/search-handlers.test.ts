/**
 * The search commands through the real dispatcher (request and response schemas checked both ways)
 * and the hosts' wiring: createHandlers starts the search service over the training service and
 * the experiment database, search:progress goes out as an event, and a host without a database
 * answers 'unavailable'.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Result, type SearchDetail, type SearchSummary } from '@shared/api';
import { createHandlers } from './handlers';
import { openDatabase } from './history/database';
import { SqliteRunStore } from './history/sqlite-run-store';
import { tempFolder } from './history/test-files';
import type { SearchService } from './search/search-service';
import { EventRecorder } from './training/service-fixtures';
import { TrainingService } from './training/training-service';
import { sourceWorkerEntry } from './training/worker-entry';
import { moonsSearch } from './search/search-fixtures';

const folder = tempFolder();
afterAll(() => folder.remove());
let training: TrainingService | null = null;
afterEach(async () => {
  await training?.dispose();
  training = null;
});

function dispatcher(withDatabase: boolean) {
  const recorder = new EventRecorder();
  let search: SearchService | null = null;
  const opened = withDatabase ? openDatabase(folder.file(`h-${Math.random().toString(36).slice(2)}.db`)) : null;
  if (opened && !opened.ok) throw new Error(opened.message);
  const store = opened ? new SqliteRunStore(opened.db) : undefined;
  const handlers = createHandlers({
    host: 'web',
    dataDir: '/nonexistent',
    version: '0.0.0',
    emit: recorder.emit,
    training: (emit) => (training = new TrainingService({ emit, worker: sourceWorkerEntry(), maxConcurrent: 2, ...(store && { store }) })),
    ...(opened && store && { history: { db: opened.db, store } }),
    onSearchService: (started) => (search = started),
  });
  const dispatch = createDispatcher(handlers);
  const call = <T>(channel: string, payload: unknown) => dispatch(channel, payload, { host: 'test' }) as Promise<Result<T>>;
  return { recorder, call, search: () => search };
}

describe('search commands', () => {
  it('start, get and list a search through the dispatcher; its progress goes out as search:progress', async () => {
    const { call, recorder, search } = dispatcher(true);
    // As a page sends it: JSON, the plan's defaults left out.
    const started = await call<SearchSummary>('search:start', JSON.parse(JSON.stringify(moonsSearch({ trials: 2, epochs: 2 }))));
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ status: 'running', plan: { strategy: 'random', parallel: 2, seed: 1, halving: null, budgetSteps: null } });
    await search()!.waitFor(started.value.searchId);
    const detail = await call<SearchDetail>('search:get', { searchId: started.value.searchId });
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.trials.map((trial) => trial.status)).toEqual(['completed', 'completed']);
    const list = await call<{ searches: SearchSummary[] }>('search:list', {});
    expect(list.ok && list.value.searches.map((s) => s.searchId)).toEqual([started.value.searchId]);
    await recorder.until((e) => e.event === 'search:progress' && (e.payload as { search: SearchSummary }).search.status === 'completed');
  }, 60_000);

  it('answers refusals as errors with sentences: a bad request, an unknown search, a search that cannot resume', async () => {
    const { call } = dispatcher(true);
    const bad = await call('search:start', { ...moonsSearch({ trials: 2, epochs: 1 }), plan: { trials: 0, epochs: 1 } });
    expect(bad.ok).toBe(false);
    const missing = await call('search:get', { searchId: 'search-9' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no search search-9/) } });
    const arena = await call('search:arenaGet', { arenaId: 'arena-1' });
    expect(arena).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no arena arena-1/) } });
  });

  it('without the experiment database, lists nothing and answers the rest unavailable', async () => {
    const { call } = dispatcher(false);
    expect(await call('search:list', {})).toEqual({ ok: true, value: { searches: [] } });
    const start = await call('search:start', moonsSearch({ trials: 1, epochs: 1 }));
    expect(start).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/experiment database/) } });
  });
});

/**
 * The arena's commands through the real dispatcher as createHandlers wires them (request and
 * response schemas checked both ways): search:arena starts it, search:arenaProgress follows it to
 * its end, search:arenaGet and search:arenaList read it back; without the experiment database the
 * arena answers 'unavailable'.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type ArenaSummary, type Result } from '@shared/api';
import { createHandlers } from '../handlers';
import { openDatabase } from '../history/database';
import { SqliteRunStore } from '../history/sqlite-run-store';
import { tempFolder } from '../history/test-files';
import { courseNet, EventRecorder } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';

const folder = tempFolder();
afterAll(() => folder.remove());
let training: TrainingService | null = null;
afterEach(async () => {
  await training?.dispose();
  training = null;
});

function dispatcher(withDatabase: boolean) {
  const recorder = new EventRecorder();
  const opened = withDatabase ? openDatabase(folder.file(`a-${Math.random().toString(36).slice(2)}.db`)) : null;
  if (opened && !opened.ok) throw new Error(opened.message);
  const store = opened ? new SqliteRunStore(opened.db) : undefined;
  const handlers = createHandlers({
    host: 'web',
    dataDir: '/nonexistent',
    version: '0.0.0',
    emit: recorder.emit,
    training: (emit) => (training = new TrainingService({ emit, worker: sourceWorkerEntry(), maxConcurrent: 3, ...(store && { store }) })),
    ...(opened && store && { history: { db: opened.db, store } }),
  });
  const dispatch = createDispatcher(handlers);
  const call = <T>(channel: string, payload: unknown) => dispatch(channel, payload, { host: 'test' }) as Promise<Result<T>>;
  return { recorder, call };
}

/** As a page sends it: JSON, the defaults (parallel, seed, halving, panda's policy) left out. */
const arenaRequest = () => ({
  design: courseNet(),
  settings: {
    data: { kind: 'moons', samples: 200, noise: 0.1 },
    settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: 1 },
    seeds: { data: 1, model: 2 },
    backend: 'ts',
  },
  budgetSteps: 60,
  caviar: { space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-1 } }, trials: 3 },
});

describe('arena commands', () => {
  it('search:arena starts it, search:arenaProgress follows it to the end, arenaGet and arenaList read it back', async () => {
    const { call, recorder } = dispatcher(true);
    const started = await call<ArenaSummary>('search:arena', JSON.parse(JSON.stringify(arenaRequest())));
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ arenaId: 'arena-1', status: 'running', budgetSteps: 60, winner: null });
    const ended = await recorder.until((e) => e.event === 'search:arenaProgress' && (e.payload as { arena: ArenaSummary }).arena.status !== 'running');
    const final = (ended.payload as { arena: ArenaSummary }).arena;
    expect(final.status).toBe('completed');
    expect([final.panda.steps, final.caviar.steps]).toEqual([60, 60]);
    const got = await call<ArenaSummary>('search:arenaGet', { arenaId: 'arena-1' });
    expect(got).toEqual({ ok: true, value: final });
    const list = await call<{ arenas: ArenaSummary[] }>('search:arenaList', {});
    expect(list).toEqual({ ok: true, value: { arenas: [final] } });
    // The caviar side's search is an ordinary search in history.
    const search = await call<{ summary: { searchId: string } }>('search:get', { searchId: final.searchId });
    expect(search.ok).toBe(true);
  }, 60_000);

  it('search:arenaStop stops both sides between steps: the arena ends stopped under its budget, and reads back so', async () => {
    const { call } = dispatcher(true);
    const started = await call<ArenaSummary>('search:arena', { ...arenaRequest(), budgetSteps: 1_000_000 });
    if (!started.ok) throw new Error(started.error.message);
    const stopped = await call<ArenaSummary>('search:arenaStop', { arenaId: started.value.arenaId });
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value.status).toBe('stopped');
    expect(stopped.value.panda.steps + stopped.value.caviar.steps).toBeLessThan(2_000_000);
    expect(await call('search:arenaGet', { arenaId: started.value.arenaId })).toEqual({ ok: true, value: stopped.value });
    // An ended arena answers as it is; an unknown one is refused with a sentence.
    expect(await call('search:arenaStop', { arenaId: started.value.arenaId })).toEqual({ ok: true, value: stopped.value });
    expect(await call('search:arenaStop', { arenaId: 'arena-404' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }, 60_000);

  it('refuses a budget of 0 steps, and answers unavailable without the experiment database', async () => {
    const { call } = dispatcher(true);
    expect(await call('search:arena', { ...arenaRequest(), budgetSteps: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const without = dispatcher(false);
    expect(await without.call('search:arena', arenaRequest())).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await without.call('search:arenaList', {})).toEqual({ ok: true, value: { arenas: [] } });
  }, 30_000);
});

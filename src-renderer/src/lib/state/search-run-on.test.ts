import { describe, expect, it } from 'vitest';
import { SearchPlan, StartSearchRequest, type QueueWorker, type SearchSpace } from '@shared/api';
import { fakeDesign, fakeSearchHost, fakeSearchSettings } from './search-fake-host';
import { SearchDetailState } from './search-detail.svelte';
import { queueFieldProblem, RunOnState, runOnStorageKey, workersBusiestFirst } from './search-run-on.svelte';
import { SpaceEditorState } from './search-space-editor.svelte';
import type { KeyValueStorage } from './storage';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value), removeItem: (key) => void map.delete(key) };
}

const worker = (name: string, busy: number, trialsDone: number): QueueWorker => ({
  name,
  host: name.split('/')[0]!,
  pid: 1,
  concurrency: 4,
  busy,
  trialsDone,
  backend: 'wasm',
  lastSeen: '2025-06-01T00:00:00.000Z',
});

describe('RunOnState: the field', () => {
  it('runs on this machine until told otherwise, and then needs a URL Deepwire can use', () => {
    const runOn = new RunOnState(fakeSearchHost().client);
    expect(runOn.runOn).toEqual({ kind: 'local' });
    expect(runOn.problem).toBeNull();
    runOn.setKind('queue');
    expect(runOn.runOn).toBeNull();
    expect(runOn.problem).toMatch(/Type the Redis URL/);
    runOn.setUrl('http://lab-1:6379');
    expect(runOn.problem).toBe('A queue URL starts with redis:// or rediss:// (TLS), not http://.');
    runOn.setUrl('redis://lab-1:6379/cache');
    expect(runOn.problem).toBe('The part after the port is the Redis database number (0–15), not "cache".');
    runOn.setUrl('  rediss://deepwire:s3cret@lab-1:6380  ');
    expect(runOn.problem).toBeNull();
    expect(runOn.runOn).toEqual({ kind: 'queue', url: 'rediss://deepwire:s3cret@lab-1:6380' });
    runOn.setKind('local');
    expect(runOn.runOn).toEqual({ kind: 'local' });
  });

  it('never repeats a password in its sentence', () => {
    expect(queueFieldProblem('redis://user:hunter2@lab-1:99999')).toBe('This is not a URL; a queue looks like redis://host:6379 or rediss://user:password@host:6380.');
  });

  it('treats a password of *** (the redacted placeholder) as one to type again', () => {
    expect(queueFieldProblem('redis://user:***@lab-1:6379')).toMatch(/password in place of \*\*\*/);
    expect(queueFieldProblem('redis://user:hunter2@lab-1:6379')).toBeNull();
  });

  it('remembers the choice and the URL across a reload without ever storing the password', () => {
    const storage = memoryStorage();
    const first = new RunOnState(fakeSearchHost().client, storage);
    first.setKind('queue');
    first.setUrl('redis://deepwire:hunter2@lab-1:6379');
    expect(storage.map.get(runOnStorageKey)).not.toContain('hunter2');
    const again = new RunOnState(fakeSearchHost().client, storage);
    expect(again.kind).toBe('queue');
    expect(again.url).toBe('redis://deepwire:***@lab-1:6379');
    expect(again.problem).toMatch(/password in place of \*\*\*/);
    again.setUrl('redis://lab-1:6379');
    expect(new RunOnState(fakeSearchHost().client, storage).url).toBe('redis://lab-1:6379');
  });

  it('ignores a stored value of the wrong shape', () => {
    const storage = memoryStorage();
    storage.setItem(runOnStorageKey, JSON.stringify({ kind: 'cloud', url: 7 }));
    const runOn = new RunOnState(fakeSearchHost().client, storage);
    expect(runOn.kind).toBe('local');
    expect(runOn.url).toBe('');
  });
});

describe('RunOnState: Check', () => {
  it('asks search:queueStatus for the URL as typed and lists its workers busiest first', async () => {
    const host = fakeSearchHost();
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis://user:hunter2@lab-1:6379');
    expect(runOn.canCheck).toBe(true);
    const checking = runOn.checkQueue();
    expect(runOn.current.state).toBe('checking');
    expect(runOn.canCheck).toBe(false);
    await checking;
    expect(host.calls.at(-1)).toEqual({ channel: 'search:queueStatus', request: { url: 'redis://user:hunter2@lab-1:6379' } });
    expect(runOn.current.state === 'answered' && runOn.current.status).toMatchObject({ state: 'connected', url: 'redis://user:***@lab-1:6379' });
    expect(runOn.workers.map((w) => w.name)).toEqual(['lab-1/1717', 'lab-2/4242']);
  });

  it('says when Redis is unreachable, with the host’s message', async () => {
    const host = fakeSearchHost();
    host.queue.reachable = false;
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis://10.0.0.5:6379');
    await runOn.checkQueue();
    expect(runOn.current.state === 'answered' && runOn.current.status.state).toBe('unreachable');
    expect(runOn.current.state === 'answered' && runOn.current.status.message).toMatch(/10\.0\.0\.5:6379 is unreachable/);
    expect(runOn.workers).toEqual([]);
  });

  it('shows a refusal (a host without queues) as its message', async () => {
    const host = fakeSearchHost();
    host.replies['search:queueStatus'] = () => ({ ok: false, error: { code: 'unavailable', message: 'Searches on a Redis queue are not available in this build yet.' } });
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis://lab-1:6379');
    await runOn.checkQueue();
    expect(runOn.current).toEqual({ state: 'refused', url: 'redis://lab-1:6379', message: 'Searches on a Redis queue are not available in this build yet.' });
  });

  it('does not check a URL with a problem, and forgets an answer once the URL is edited', async () => {
    const host = fakeSearchHost();
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis//lab-1');
    await runOn.checkQueue();
    expect(host.calls.filter((c) => c.channel === 'search:queueStatus')).toHaveLength(0);
    runOn.setUrl('redis://lab-1:6379');
    await runOn.checkQueue();
    expect(runOn.current.state).toBe('answered');
    runOn.setUrl('redis://lab-2:6379');
    expect(runOn.current.state).toBe('idle');
    expect(runOn.workers).toEqual([]);
  });

  it('drops an answer that arrives after the URL changed', async () => {
    const host = fakeSearchHost();
    let release: () => void = () => {};
    host.replies['search:queueStatus'] = (request) =>
      new Promise((resolve) => (release = () => resolve({ ok: true, value: { url: String(request.url), state: 'connected', message: null, workers: [] } })));
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis://lab-1:6379');
    const checking = runOn.checkQueue();
    runOn.setUrl('redis://lab-2:6379');
    release();
    await checking;
    expect(runOn.check).toEqual({ state: 'checking', url: 'redis://lab-1:6379' });
    expect(runOn.current.state).toBe('idle');
    expect(runOn.canCheck).toBe(true);
  });
});

describe('workersBusiestFirst', () => {
  it('sorts by trials training now, then trials done, then name', () => {
    const sorted = workersBusiestFirst([worker('c/1', 1, 5), worker('a/1', 0, 9), worker('b/1', 2, 0), worker('d/1', 1, 5), worker('e/1', 1, 8)]);
    expect(sorted.map((w) => w.name)).toEqual(['b/1', 'e/1', 'c/1', 'd/1', 'a/1']);
  });
});

describe('a search started on a queue', () => {
  const space: SearchSpace = { learningRate: { kind: 'log', min: 1e-4, max: 1 } };

  it('carries runOn in search:start, and the fake host hands its trials to the queue’s workers', async () => {
    const host = fakeSearchHost();
    const runOn = new RunOnState(host.client);
    runOn.setKind('queue');
    runOn.setUrl('redis://user:hunter2@lab-1:6379');
    const editor = new SpaceEditorState();
    editor.reset(3);
    const request = { ...editor.request(fakeDesign, fakeSearchSettings)!, runOn: runOn.runOn! };
    expect(StartSearchRequest.safeParse(request).success).toBe(true);
    const started = await host.client.call('search:start', request);
    expect(host.calls.at(-1)?.request.runOn).toEqual({ kind: 'queue', url: 'redis://user:hunter2@lab-1:6379' });
    expect(started.ok && started.value.queue?.url).toBe('redis://user:***@lab-1:6379');
    const trials = host.searches[0]!.trials.filter((t) => t.status === 'running');
    expect(trials.length).toBeGreaterThan(0);
    expect(new Set(trials.map((t) => t.worker))).toEqual(new Set(['lab-2/4242', 'lab-1/1717']));
  });

  it('leaves a local search’s summary without a queue and its trials on "local"', () => {
    const host = fakeSearchHost();
    const search = host.seed({ space, plan: SearchPlan.parse({ trials: 2, epochs: 2 }), runOn: { kind: 'local' } });
    expect(search.summary.queue).toBeUndefined();
    expect(search.trials.map((t) => t.worker)).toEqual(['local', 'local']);
  });
});

describe('a queue search, opened', () => {
  const space: SearchSpace = { learningRate: { kind: 'log', min: 1e-4, max: 1 } };

  it('follows its queue’s state: Redis going away and coming back arrive with search:progress', async () => {
    const host = fakeSearchHost();
    const search = host.seed({ space, plan: SearchPlan.parse({ trials: 4, epochs: 3 }), runOn: { kind: 'queue', url: 'redis://u:pw@lab-1:6379' } });
    const detail = new SearchDetailState(host.client);
    detail.start();
    await detail.open(search.summary.searchId);
    expect(detail.summary?.queue).toMatchObject({ url: 'redis://u:***@lab-1:6379', state: 'connected', message: null });
    host.queue.reachable = false;
    host.queueChanged();
    expect(detail.summary?.queue?.state).toBe('unreachable');
    expect(detail.summary?.queue?.message).toMatch(/lab-1:6379 is unreachable .*goes on when it returns/);
    // While Redis is away nothing trains; when it returns the search goes on.
    const steps = detail.summary!.steps;
    host.tick(search.summary.searchId);
    expect(host.searches[0]!.summary.steps).toBe(steps);
    host.queue.reachable = true;
    host.queueChanged();
    host.tick(search.summary.searchId);
    expect(detail.summary?.queue?.state).toBe('connected');
    expect(detail.summary!.steps).toBeGreaterThan(steps);
    expect(detail.trials.filter((t) => t.steps > 0).every((t) => t.worker !== 'local' && t.worker !== null)).toBe(true);
    detail.dispose();
  });
});

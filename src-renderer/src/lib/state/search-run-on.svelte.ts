/**
 * The new-search form's "Run on" field: this machine, or a Redis queue that `deepwire worker`
 * processes pull trials from. The URL is checked as it is typed (queueUrlProblem, the contract's own
 * sentence); "Check" asks the host (search:queueStatus) whether Redis answers and who has joined,
 * without starting anything. Nothing reaches Redis through the search until Start, which carries
 * `runOn`.
 *
 * A URL may hold a password: it stays in this object (memory, for the life of the page). Storage
 * keeps only the choice and the redacted URL, so after a reload the field comes back with *** in
 * the password's place and asks for it again.
 */
import { queueUrlProblem, redactQueueUrl, type Client, type QueueStatus, type QueueWorker, type RunOn } from '@shared/api';
import { readJson, writeJson, type KeyValueStorage } from './storage';

export type RunOnKind = RunOn['kind'];

/** What the last "Check" found, for the URL it checked. */
export type QueueCheck =
  | { state: 'idle' }
  | { state: 'checking'; url: string }
  | { state: 'answered'; url: string; status: QueueStatus }
  /** The host could not ask (no queue support in this build, a refused URL): its message. */
  | { state: 'refused'; url: string; message: string };

export const runOnStorageKey = 'deepwire.search.runOn';

/** What redactQueueUrl puts in a password's place: typed back literally, it means "ask me again". */
const redactedPassword = '***';

/** Workers busiest first (most trials training now), then those that have done the most, then by name. */
export function workersBusiestFirst(workers: readonly QueueWorker[]): QueueWorker[] {
  return [...workers].sort((a, b) => b.busy - a.busy || b.trialsDone - a.trialsDone || a.name.localeCompare(b.name));
}

/** What is wrong with the queue field as typed, or null when Start may use it. */
export function queueFieldProblem(text: string): string | null {
  const url = text.trim();
  if (url === '') return 'Type the Redis URL the workers pull from, e.g. redis://10.0.0.5:6379.';
  const problem = queueUrlProblem(url);
  // The contract's sentence quotes what is not a URL (its password masked); the field is right above it.
  if (problem) return problem.replace(/^".*" is not a URL/, 'This is not a URL').replace(/^./, (first) => first.toUpperCase());
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a parse, never state
  if (new URL(url).password === redactedPassword) return 'Type the password in place of ***: Deepwire keeps it only while this page is open.';
  return null;
}

export class RunOnState {
  kind = $state<RunOnKind>('local');
  /** The URL as typed, password included (never written to storage). */
  url = $state('');
  check = $state.raw<QueueCheck>({ state: 'idle' });

  /** The sentence under the URL field (null for "this machine", or when the URL is fine). */
  readonly problem: string | null = $derived(this.kind === 'queue' ? queueFieldProblem(this.url) : null);
  /** What search:start carries, or null while the URL has a problem. */
  readonly runOn: RunOn | null = $derived.by(() => {
    if (this.kind === 'local') return { kind: 'local' };
    return this.problem ? null : { kind: 'queue', url: this.url.trim() };
  });
  /** The check's answer when it is for the URL in the field now (an edit makes an older one stale). */
  readonly current: QueueCheck = $derived(this.check.state !== 'idle' && this.check.url === this.url.trim() ? this.check : { state: 'idle' });
  readonly workers: QueueWorker[] = $derived(this.current.state === 'answered' ? workersBusiestFirst(this.current.status.workers) : []);
  readonly canCheck: boolean = $derived(this.kind === 'queue' && this.problem === null && this.current.state !== 'checking');

  readonly #client: Client;
  readonly #storage: KeyValueStorage | null;

  constructor(client: Client, storage: KeyValueStorage | null = null) {
    this.#client = client;
    this.#storage = storage;
    const saved = readJson(storage, runOnStorageKey);
    if (isSaved(saved)) {
      this.kind = saved.kind;
      this.url = saved.url;
    }
  }

  setKind(kind: RunOnKind): void {
    this.kind = kind;
    this.#save();
  }

  setUrl(text: string): void {
    this.url = text;
    this.#save();
  }

  /** Asks the host whether the queue answers and who has joined; an answer for a URL since edited is dropped. */
  async checkQueue(): Promise<void> {
    if (!this.canCheck) return;
    const url = this.url.trim();
    this.check = { state: 'checking', url };
    const result = await this.#client.call('search:queueStatus', { url });
    if (this.url.trim() !== url || this.check.state !== 'checking' || this.check.url !== url) return;
    this.check = result.ok ? { state: 'answered', url, status: result.value } : { state: 'refused', url, message: result.error.message };
  }

  #save(): void {
    const url = this.url.trim();
    writeJson(this.#storage, runOnStorageKey, { kind: this.kind, url: url === '' || queueUrlProblem(url) ? '' : redactQueueUrl(url) });
  }
}

function isSaved(value: unknown): value is { kind: RunOnKind; url: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, url } = value as Record<string, unknown>;
  return (kind === 'local' || kind === 'queue') && typeof url === 'string';
}

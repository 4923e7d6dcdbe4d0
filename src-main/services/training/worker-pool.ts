/**
 * The training service's idle worker threads. A thread that has finished a run says 'idle' and is
 * kept, loaded, for the next one: its engine's code is compiled and warm (the WebAssembly module,
 * the JIT's work), so a search's trials do not each pay a thread's start-up and warm-up — with two
 * trials training on two cores, that start-up would otherwise compete with them. At most `keep`
 * threads wait, each for `idleMs` at most; with `warmSpare` one is loaded and waiting whenever
 * another run could start (the app's way: Train begins at once) — not when `keep` runs already
 * train: a spare then would only load beside them and, the runs' threads coming back, push out a
 * thread whose code is warm (a queue worker training one trial at a time started a thread per
 * trial that way). Only threads with the service's default resource limits are
 * pooled: a run with limits of its own, or test hooks, gets a thread of its own that ends after it.
 */
import type { Worker } from 'node:worker_threads';
import type { WorkerJob } from '../../workers/protocol';

export interface WorkerPoolOptions {
  /** A new thread with the default limits, started with `job` or (null) idle until one is posted. */
  create: (job: WorkerJob | null) => Worker;
  /** The most idle threads kept, and the most runs at once (the service's maxConcurrent). */
  keep: number;
  /** How long an idle thread is kept before it ends (the warm spare is kept for good). */
  idleMs: number;
  /** Keep one thread loaded and idle at all times. */
  warmSpare: boolean;
}

interface IdleWorker {
  worker: Worker;
  /** It has said 'idle': its engine is loaded. */
  loaded: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Removes the pool's own listeners (Worker keeps internal ones that must stay). */
  detach: () => void;
}

export class WorkerPool {
  private readonly idle: IdleWorker[] = [];
  /** Threads handed out by take() and not back yet, each with its listener for an exit mid-run. */
  private readonly busy = new Map<Worker, () => void>();
  /** Threads on their way out: dispose() waits for them too, so none outlives the service. */
  private readonly ending = new Set<Promise<number>>();
  private disposed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.refillSpare();
  }

  /** A thread for `job`: the most recently idle loaded one, else a new thread started with it. */
  take(job: WorkerJob): Worker {
    const index = this.idle.findLastIndex((entry) => entry.loaded);
    const entry = index >= 0 ? this.idle.splice(index, 1)[0]! : this.idle.shift();
    let worker: Worker;
    if (entry) {
      this.release(entry);
      entry.worker.postMessage({ type: 'job', job });
      worker = entry.worker;
    } else worker = this.options.create(job);
    // A thread that dies with its run is no longer busy (it never comes back).
    const onExit = () => {
      if (this.busy.delete(worker)) this.refillSpare();
    };
    worker.once('exit', onExit);
    this.busy.set(worker, onExit);
    this.refillSpare();
    return worker;
  }

  /**
   * A thread whose job has ended and that said 'idle' (its listeners for that job removed): kept for
   * the next job while there is room, otherwise ended.
   */
  giveBack(worker: Worker): void {
    this.notBusy(worker);
    if (this.disposed || this.idle.length >= this.options.keep) {
      this.end(worker);
      return;
    }
    this.park(worker, true);
  }

  /** Whether a loaded thread waits for the next run. */
  get ready(): boolean {
    return this.idle.some((entry) => entry.loaded);
  }

  /** Idle threads (loaded or loading). */
  get size(): number {
    return this.idle.length;
  }

  /** Ends a thread that is not to be kept (a run with limits of its own); dispose() waits for it. */
  end(worker: Worker): void {
    this.notBusy(worker);
    const ending = worker.terminate();
    this.ending.add(ending);
    void ending.finally(() => this.ending.delete(ending));
  }

  /** Ends every idle thread and waits for every thread on its way out; later give-backs are ended at once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const entry of this.idle.splice(0)) {
      this.release(entry);
      this.end(entry.worker);
    }
    await Promise.all([...this.ending]);
  }

  private notBusy(worker: Worker): void {
    const onExit = this.busy.get(worker);
    if (!onExit) return;
    worker.off('exit', onExit);
    this.busy.delete(worker);
  }

  /** The warm spare: a thread loading now when none waits and another run could start. */
  private refillSpare(): void {
    if (!this.options.warmSpare || this.disposed || this.idle.length > 0 || this.busy.size >= this.options.keep) return;
    this.park(this.options.create(null), false);
  }

  private park(worker: Worker, loaded: boolean): void {
    const entry: IdleWorker = { worker, loaded, timer: null, detach: () => {} };
    const onMessage = (message: { type?: string }) => {
      if (message.type === 'idle') entry.loaded = true;
    };
    // A thread that dies idle (it should not) leaves the pool; the next run starts a new one.
    const onExit = () => {
      const index = this.idle.indexOf(entry);
      if (index >= 0) this.idle.splice(index, 1);
      this.release(entry);
      this.refillSpare();
    };
    const onError = () => {};
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.on('error', onError);
    entry.detach = () => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      worker.off('error', onError);
    };
    // An idle thread does not keep the process alive (a command-line search exits when it is done).
    worker.unref();
    this.idle.push(entry);
    this.scheduleIdleEnd(entry);
  }

  /** Ends a thread idle for idleMs, except the last one while a warm spare is wanted. */
  private scheduleIdleEnd(entry: IdleWorker): void {
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (this.options.warmSpare && this.idle.length === 1) return;
      const index = this.idle.indexOf(entry);
      if (index < 0) return;
      this.idle.splice(index, 1);
      this.release(entry);
      this.end(entry.worker);
    }, this.options.idleMs);
    entry.timer.unref();
  }

  /** Out of the pool: its timer and listeners go, and it keeps the process alive again. */
  private release(entry: IdleWorker): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.detach();
    entry.worker.ref();
  }
}

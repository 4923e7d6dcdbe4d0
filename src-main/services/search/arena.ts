/**
 * The strategy arena: panda (one run babysat by a scripted policy) against caviar (a search, with
 * successive halving if asked) on the same design, data and compute budget in optimizer steps,
 * both at once. Each side's curve is the best dev metric it reached against the steps it spent;
 * the result says who won, by how much and at what compute. Arenas are kept in the experiment
 * database (they survive a restart; one left running by a crash reads back 'interrupted') and
 * pushed as search:arenaProgress while they run.
 */
import { CommandError, type ArenaSide, type ArenaSummary, type EmitEvent, type ParsedRequestOf, type SearchStatus } from '@shared/api';
import { metricFor, spaceProblems } from '@shared/search/api';
import type { GraphDoc } from '@shared/graph/doc';
import type { SqliteDatabase } from '../history/database';
import { checkedDesign } from '../training/design-check';
import { CaviarSide, type CaviarSearch } from './arena-caviar';
import { PandaSide, type SideOutcome } from './arena-panda';
import { stepsPerEpoch } from './arena-steps';
import { ArenaStore } from './arena-store';
import type { ArenaTraining } from './arena-training';
import { judge } from './arena-verdict';
import { RunFollower } from './run-follower';
import type { TrialExecutor } from './trial-executor';

export type ArenaRequest = ParsedRequestOf<'search:arena'>;

export interface ArenaServiceOptions {
  db: SqliteDatabase;
  training: ArenaTraining;
  /** The host's trial executor (the local worker pool): caviar's trials go through it. */
  executor: TrialExecutor;
  /** A search service over an executor (the arena hands caviar's search a counting wrapper of `executor`). */
  createSearch: (executor: TrialExecutor) => CaviarSearch;
  emit: EmitEvent;
  now?: () => Date;
  log?: (line: string) => void;
  /** search:arenaProgress at most once per this many ms per arena (default 100). */
  progressIntervalMs?: number;
}

interface LiveArena {
  summary: ArenaSummary;
  panda: PandaSide;
  caviar: CaviarSide;
  done: Promise<ArenaSummary>;
  lastSent: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class ArenaService {
  private readonly store: ArenaStore;
  private readonly live = new Map<string, LiveArena>();
  private readonly follower: RunFollower;
  private readonly now: () => Date;

  constructor(private readonly options: ArenaServiceOptions) {
    this.store = new ArenaStore(options.db);
    this.now = options.now ?? (() => new Date());
    this.follower = new RunFollower(options.training);
    const left = this.store.interruptLeftovers(this.now().toISOString());
    if (left > 0) (options.log ?? console.error)(`${left} arena(s) that were running when Deepwire last stopped are marked interrupted.`);
  }

  /** Checks the request, starts both sides and answers at once; the arena runs on (waitFor, arenaGet, search:arenaProgress). */
  async start(request: ArenaRequest): Promise<ArenaSummary> {
    const problems = spaceProblems(request.caviar.space);
    if (problems.length > 0) throw new CommandError('invalid_request', `Caviar's search space cannot be searched: ${problems.join(' ')}`);
    const metric = metricFor(checkedDesign(request.design, 'trained') as GraphDoc);
    const perEpoch = await stepsPerEpoch(request.design, request.settings);
    const arenaId = this.store.nextId();
    const onChange = () => this.changed(arenaId);
    const common = { design: request.design, settings: request.settings, budgetSteps: request.budgetSteps, stepsPerEpoch: perEpoch, metric, onChange };
    const panda = new PandaSide({ ...common, training: this.options.training, follower: this.follower, name: `${arenaId} · panda`, policy: request.panda });
    const caviar = new CaviarSide({
      ...common,
      executor: this.options.executor,
      training: this.options.training,
      follower: this.follower,
      createSearch: this.options.createSearch,
      name: `${arenaId} · caviar`,
      space: request.caviar.space,
      trials: request.caviar.trials,
      parallel: request.parallel,
      seed: request.seed,
      halving: request.caviar.halving,
    });
    // Panda first, so its one run is not queued behind caviar's trials; a refusal of either leaves nothing behind.
    const pandaRun = await panda.start();
    try {
      await caviar.start();
    } catch (error) {
      await this.options.training.stop({ runId: pandaRun.runId }).catch(() => undefined);
      throw error;
    }
    const summary: ArenaSummary = {
      arenaId,
      status: 'running',
      createdAt: this.now().toISOString(),
      budgetSteps: request.budgetSteps,
      metric,
      panda: sideOf(panda),
      caviar: sideOf(caviar),
      winner: null,
      verdict: null,
      searchId: caviar.searchId,
    };
    this.store.insert(summary, request);
    const arena: LiveArena = { summary, panda, caviar, done: Promise.resolve(summary), lastSent: 0, timer: null };
    this.live.set(arenaId, arena);
    arena.done = this.race(arena, pandaRun);
    this.options.emit('search:arenaProgress', { arena: summary });
    return summary;
  }

  arenaGet({ arenaId }: { arenaId: string }): ArenaSummary {
    const arena = this.live.get(arenaId);
    if (arena) return this.current(arena);
    const kept = this.store.get(arenaId);
    if (!kept) throw new CommandError('not_found', `There is no arena ${arenaId}; search:arenaList names the arenas there are.`);
    return kept;
  }

  /** Newest first, the running ones as they stand now. */
  arenaList(): { arenas: ArenaSummary[] } {
    return { arenas: this.store.list().map((kept) => (this.live.has(kept.arenaId) ? this.current(this.live.get(kept.arenaId)!) : kept)) };
  }

  /** Resolves when both sides are done, with the result. */
  async waitFor(arenaId: string): Promise<ArenaSummary> {
    const arena = this.live.get(arenaId);
    return arena ? arena.done : this.arenaGet({ arenaId });
  }

  /**
   * Stops both sides between steps (caviar's search, panda's run); the arena ends 'stopped' with
   * what each side reached (search:arenaStop, and the command line's Ctrl+C).
   */
  async stop({ arenaId }: { arenaId: string }): Promise<ArenaSummary> {
    const arena = this.live.get(arenaId);
    if (!arena) return this.arenaGet({ arenaId });
    await Promise.all([arena.panda.stop(), arena.caviar.stop()]);
    return arena.done;
  }

  /** Stops following runs; arenas still running end as their runs do (the training service interrupts them when it shuts down). */
  dispose(): void {
    this.follower.close();
    for (const arena of this.live.values()) if (arena.timer) clearTimeout(arena.timer);
  }

  private async race(arena: LiveArena, pandaRun: Parameters<PandaSide['finish']>[0]): Promise<ArenaSummary> {
    const [pandaEnd, caviarEnd] = await Promise.allSettled([arena.panda.finish(pandaRun), arena.caviar.finish()]);
    const problems = [pandaEnd, caviarEnd].filter((end): end is PromiseRejectedResult => end.status === 'rejected').map((end) => (end.reason instanceof Error ? end.reason.message : String(end.reason)));
    const caviarStatus = caviarEnd.status === 'fulfilled' ? caviarEnd.value.status : 'failed';
    const status = overallStatus(problems.length > 0 ? 'failed' : arena.panda.outcome, caviarStatus, arena.panda.wasStopped);
    const current = this.current(arena);
    const verdict = judge(current.metric, current.budgetSteps, { bestDev: arena.panda.curve.best, reachedAt: arena.panda.curve.bestReachedAt }, { bestDev: arena.caviar.curve.best, reachedAt: arena.caviar.curve.bestReachedAt });
    const final: ArenaSummary = {
      ...current,
      status,
      winner: status === 'completed' ? verdict.winner : null,
      verdict: status === 'completed' ? verdict.verdict : `The arena ended ${status}${problems.length > 0 ? `: ${problems.join(' ')}` : ''}; so far: ${verdict.verdict}.`,
    };
    if (arena.timer) clearTimeout(arena.timer);
    arena.summary = final;
    this.live.delete(final.arenaId);
    try {
      this.store.save(final, this.now().toISOString());
    } catch (error) {
      (this.options.log ?? console.error)(`The arena ${final.arenaId} could not be kept in history: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.options.emit('search:arenaProgress', { arena: final });
    return final;
  }

  private current(arena: LiveArena): ArenaSummary {
    arena.summary = { ...arena.summary, panda: sideOf(arena.panda), caviar: sideOf(arena.caviar), searchId: arena.caviar.searchId };
    return arena.summary;
  }

  /** Throttled: the latest state goes out (and is kept) at most once per interval. */
  private changed(arenaId: string): void {
    const arena = this.live.get(arenaId);
    if (!arena || arena.timer) return;
    const interval = this.options.progressIntervalMs ?? 100;
    const wait = Math.max(0, arena.lastSent + interval - performance.now());
    arena.timer = setTimeout(() => {
      arena.timer = null;
      if (!this.live.has(arenaId)) return;
      arena.lastSent = performance.now();
      const summary = this.current(arena);
      this.options.emit('search:arenaProgress', { arena: summary });
      try {
        this.store.save(summary, null);
      } catch (error) {
        // A closed or full database (shutting down) costs the arena its intermediate state only; its end is written apart.
        (this.options.log ?? console.error)(`The arena ${arenaId}'s progress could not be kept: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, wait);
  }
}

function sideOf(side: PandaSide | CaviarSide): ArenaSide {
  return { bestDev: side.curve.best, steps: side.steps, curve: side.curve.points, runIds: [...side.runIds], log: [...side.log] };
}

function overallStatus(panda: SideOutcome, caviar: SearchStatus, stopped: boolean): SearchStatus {
  if (panda === 'failed' || caviar === 'failed') return 'failed';
  if (panda === 'interrupted' || caviar === 'interrupted') return 'interrupted';
  if (stopped || caviar === 'stopped') return 'stopped';
  return 'completed';
}

/**
 * The search domain: hyperparameter searches ("caviar": many trials in parallel, keep the winners),
 * their coarse-to-fine children, and the strategy arena that races caviar against "panda" (one run
 * babysat by a scripted policy) on the same design, data and compute budget. Every trial is a
 * training run (its curves stream as training:progress), every search and arena is kept in history.
 */
import { z } from 'zod';
import { command, emptyRequest, isoDate } from './define';
import { JsonObject } from './designs';
import { MetricPair } from './history';
import { QueueStatus, QueueUrl, RunOn } from './queue';
import { SearchPlan, SearchSpace, TrialParams } from './search-space';
import { RunId } from './training-runs';
import { RunSettings } from './training-settings';

export * from './search-space';
export * from './queue';

const count = z.number().int().min(0);

export const SearchId = z.string().regex(/^search-[a-z0-9-]{1,64}$/, 'a search id looks like search-1');
export type SearchId = z.infer<typeof SearchId>;
export const ArenaId = z.string().regex(/^arena-[a-z0-9-]{1,64}$/, 'an arena id looks like arena-1');
export type ArenaId = z.infer<typeof ArenaId>;

/** pruned: stopped early by successive halving; stopped: by a person; budget: its step allowance ran out. */
export const trialStatuses = ['pending', 'running', 'completed', 'pruned', 'stopped', 'budget', 'diverged', 'failed'] as const;
export const TrialStatus = z.enum(trialStatuses);
export type TrialStatus = z.infer<typeof TrialStatus>;

/** Which number ranks trials: dev accuracy (higher is better) for classifiers, else dev loss (lower). */
export const SearchMetric = z.enum(['dev-accuracy', 'dev-loss']);
export type SearchMetric = z.infer<typeof SearchMetric>;

export const Trial = z
  .object({
    /** From 0, in the order the sampler drew them. */
    index: count,
    /** Its training run, once started. */
    runId: RunId.nullable(),
    params: TrialParams,
    status: TrialStatus,
    epochs: count,
    steps: count,
    train: MetricPair.nullable(),
    dev: MetricPair.nullable(),
    /** The value of the search's metric (the best epoch's), null until it has one. */
    metric: z.number().nullable(),
    /** The highest successive-halving rung it reached (0 before the first). */
    rung: count,
    /** Who trains it: "local" or a queue worker's name. */
    worker: z.string().max(200).nullable(),
    error: z.string().nullable(),
  })
  .strict();
export type Trial = z.infer<typeof Trial>;

export const searchStatuses = ['running', 'completed', 'stopped', 'interrupted', 'failed'] as const;
export const SearchStatus = z.enum(searchStatuses);
export type SearchStatus = z.infer<typeof SearchStatus>;

export const SearchSummary = z
  .object({
    searchId: SearchId,
    name: z.string().max(200),
    status: SearchStatus,
    createdAt: isoDate,
    endedAt: isoDate.nullable(),
    metric: SearchMetric,
    plan: SearchPlan,
    /** Trials ended (any way) of plan.trials. */
    done: count,
    /** Steps trained over all trials so far. */
    steps: count,
    best: z.object({ index: count, runId: RunId.nullable(), metric: z.number() }).strict().nullable(),
    /** The search this one narrows (coarse to fine), or null for a first search. */
    parentId: SearchId.nullable(),
    error: z.string().nullable(),
    /** Its trials go through this Redis queue (absent: this machine's worker threads). */
    queue: QueueStatus.optional(),
  })
  .strict();
export type SearchSummary = z.infer<typeof SearchSummary>;

export const SearchDetail = z
  .object({
    summary: SearchSummary,
    space: SearchSpace,
    /** The design and settings every trial starts from (each trial's params replace parts of them). */
    design: JsonObject,
    settings: RunSettings,
    /** Best first (by the metric; trials without one last, in index order). */
    trials: z.array(Trial),
    /** Searches started from this one, oldest first. */
    children: z.array(SearchId),
  })
  .strict();
export type SearchDetail = z.infer<typeof SearchDetail>;

/** One point of a side's progress in the arena: the best dev metric reached after `steps` steps of compute. */
export const ComputePoint = z.object({ steps: count, bestDev: z.number().nullable() }).strict();
export type ComputePoint = z.infer<typeof ComputePoint>;

/** The scripted babysitter of the panda side. */
export const PandaPolicy = z
  .object({
    /** Halve α (times `factor`) when the dev loss has not improved for this many epochs. */
    patience: z.number().int().min(1).max(1000).default(3),
    factor: z.number().gt(0).lt(1).default(0.5),
    /** When a run diverges, roll back to its last checkpoint with α × factor. */
    rollbackOnDivergence: z.boolean().default(true),
  })
  .strict();
export type PandaPolicy = z.output<typeof PandaPolicy>;

export const ArenaSide = z
  .object({
    bestDev: z.number().nullable(),
    steps: count,
    curve: z.array(ComputePoint),
    /** The runs this side trained (panda: its run and its branches; caviar: its trials). */
    runIds: z.array(RunId),
    /** What the babysitter did (panda) or how many trials were pruned (caviar), in sentences. */
    log: z.array(z.string()),
  })
  .strict();
export type ArenaSide = z.infer<typeof ArenaSide>;

export const ArenaSummary = z
  .object({
    arenaId: ArenaId,
    status: SearchStatus,
    createdAt: isoDate,
    budgetSteps: count,
    metric: SearchMetric,
    panda: ArenaSide,
    caviar: ArenaSide,
    /** null until both sides are done; 'tie' when equal. */
    winner: z.enum(['panda', 'caviar', 'tie']).nullable(),
    /** "caviar by 2.1 points of dev accuracy, reached at 1,200 of 4,000 steps". */
    verdict: z.string().nullable(),
    searchId: SearchId.nullable(),
  })
  .strict();
export type ArenaSummary = z.infer<typeof ArenaSummary>;

export const StartSearchRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    design: JsonObject,
    settings: RunSettings,
    space: SearchSpace,
    plan: SearchPlan,
    /** Coarse to fine: the search this one narrows. */
    parentId: SearchId.optional(),
    /** Where its trials train (absent: this machine). A child search runs where it is told, not where its parent ran. */
    runOn: RunOn.optional(),
  })
  .strict();

export const StartArenaRequest = z
  .object({
    design: JsonObject,
    settings: RunSettings,
    /** The compute each side may spend, in optimizer steps. */
    budgetSteps: z.number().int().min(1).max(1e9),
    /** Caviar's trials at once (panda trains one run). */
    parallel: z.number().int().min(1).max(64).default(2),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    caviar: z.object({ space: SearchSpace, trials: z.number().int().min(1).max(1000), halving: z.boolean().default(true) }).strict(),
    panda: PandaPolicy.default({ patience: 3, factor: 0.5, rollbackOnDivergence: true }),
  })
  .strict();

const searchRef = z.object({ searchId: SearchId }).strict();

export const searchCommands = {
  /** Validates the space and plan, records the search and starts its first trials. */
  'search:start': command(StartSearchRequest, SearchSummary),
  /** Newest first. */
  'search:list': command(emptyRequest, z.object({ searches: z.array(SearchSummary) }).strict()),
  'search:get': command(searchRef, SearchDetail),
  /** Stops every trial still training or waiting; the search ends 'stopped' with what it found. */
  'search:stop': command(searchRef, SearchSummary),
  'search:stopTrial': command(z.object({ searchId: SearchId, index: count }).strict(), Trial),
  /** An interrupted search (the app stopped mid-way) runs only the trials it had not finished. */
  'search:resume': command(searchRef, SearchSummary),
  'search:arena': command(StartArenaRequest, ArenaSummary),
  'search:arenaGet': command(z.object({ arenaId: ArenaId }).strict(), ArenaSummary),
  'search:arenaList': command(emptyRequest, z.object({ arenas: z.array(ArenaSummary) }).strict()),
  /** Stops both sides between steps; the arena ends 'stopped' with what each side reached (an ended arena answers as it is). */
  'search:arenaStop': command(z.object({ arenaId: ArenaId }).strict(), ArenaSummary),
  /** Connects to a queue (without starting anything) and says who has joined it: the "Run on: queue" field's check. */
  'search:queueStatus': command(z.object({ url: QueueUrl }).strict(), QueueStatus),
} as const;

export const searchEvents = {
  /** A search's summary and the trials that changed since the last message. */
  'search:progress': z.object({ search: SearchSummary, trials: z.array(Trial) }).strict(),
  'search:arenaProgress': z.object({ arena: ArenaSummary }).strict(),
} as const;

/**
 * `deepwire sweep`: a hyperparameter search (caviar) from flags (--dataset, --layers, the training
 * options as the base, --param NAME=SCALE for what varies) or a --space FILE, its trials training
 * in worker threads (--parallel at once), a live leaderboard on a terminal, the result best first.
 * --parent SEARCH_ID --top K runs a coarse-to-fine child: the parent's space narrowed around its
 * best K trials. Ctrl+C stops every trial between steps; the search ends 'stopped' with what it
 * found, printed, and the exit status is 130. --queue redis://[user:password@]host:port trains the
 * trials on that Redis queue instead (`deepwire worker` processes on any machine pull them); the
 * leaderboard then names each trial's worker.
 */
import { z } from 'zod';
import { CommandError, queueUrlProblem, redactQueueUrl, type EventPayload, type SearchDetail, type SearchSummary, type StartSearchRequest, type Trial } from '@shared/api';
import { narrowAroundTop, rankTrials } from '@shared/search/api';
import { backendChoices } from '@shared/training/run-request';
import type { WorkerEntry } from '../services/training/worker-entry';
import { DataOptions } from './data-options';
import { LiveLeaderboard } from './leaderboard';
import { ModelOptions } from './model-options';
import { describeOptionIssues, nonEmptyText, oneOf } from './option-values';
import { RecordOptions } from './record-options';
import { checkedBaseFromOptions } from './search-base';
import { SearchOptions, parentOptions, planFrom, readSpaceFile, spaceFromParams } from './search-options';
import { openSearchRuntime, type SearchRuntime } from './search-runtime';
import { sweepJson, sweepText } from './sweep-report';
import type { CommandOutput } from './train-command';
import { TrainingOptions } from './training-options';
import { exitCodes, UsageError } from './usage-error';

export const SweepCommandOptions = DataOptions.extend(ModelOptions.shape)
  .extend(TrainingOptions.shape)
  .extend(RecordOptions.shape)
  .extend(SearchOptions.shape)
  .extend({
    space: nonEmptyText('--space').optional(),
    name: nonEmptyText('--name').optional(),
    backend: oneOf('--backend', backendChoices).optional(),
    queue: z
      .string()
      .optional()
      .superRefine((url, context) => {
        const problem = url === undefined ? null : queueUrlProblem(url);
        // The URL itself is not repeated: it may hold a password.
        if (problem) context.addIssue({ code: 'custom', message: `--queue: ${problem}` });
      }),
    ...parentOptions,
  });
export type SweepCommandOptions = z.output<typeof SweepCommandOptions>;

type StartRequest = z.input<typeof StartSearchRequest>;
type SearchProgress = EventPayload<'search:progress'>;

export const defaultTop = 3;

export async function sweepCommand(raw: Record<string, unknown>, output: CommandOutput, worker: WorkerEntry): Promise<number> {
  const parsed = SweepCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  if (options.top !== undefined && options.parent === undefined) throw new UsageError('--top picks the best trials of a --parent search; give --parent SEARCH_ID too');
  // A fresh search is checked whole before the database opens; a child needs its parent from it.
  const fresh = options.parent === undefined ? await freshRequest(options) : null;
  const parallel = fresh?.plan.parallel ?? options.parallel ?? 2;
  const runtime = openSearchRuntime({ record: options, commandName: 'sweep', stderr: output.stderr, worker, maxConcurrent: parallel });
  try {
    const request = fresh ?? childRequest(runtime, options);
    const runOn = options.queue === undefined ? undefined : ({ kind: 'queue', url: options.queue } as const);
    return await runSweep(runtime, { ...request, ...(runOn && { runOn }) }, options, output);
  } finally {
    await runtime.close();
  }
}

async function freshRequest(options: SweepCommandOptions): Promise<StartRequest & { plan: ReturnType<typeof planFrom> }> {
  const file = options.space === undefined ? null : readSpaceFile(options.space);
  const flagged = spaceFromParams(options.param ?? []);
  const space = { ...file?.space, ...flagged };
  if (Object.keys(space).length === 0) throw new UsageError('give what the search varies with --param NAME=SCALE (e.g. --param lr=log:1e-4:1e-1 --param units=int:4:64) or a --space FILE');
  if (file?.base && (options.dataset !== undefined || options.layers !== undefined || options.graph !== undefined)) {
    throw new UsageError(`--space ${options.space} gives the design and data ("base"); drop --dataset, --layers and --graph`);
  }
  const base = file?.base ?? (await checkedBaseFromOptions(options));
  const plan = planFrom(file?.plan, planFlags(options));
  return { ...(options.name !== undefined && { name: options.name }), design: base.design as unknown as Record<string, unknown>, settings: base.settings, space, plan };
}

/** Coarse to fine: the parent's design, data and plan (flags override the plan), its space narrowed around its best trials. */
function childRequest(runtime: SearchRuntime, options: SweepCommandOptions): StartRequest {
  const given = (['dataset', 'layers', 'graph', 'space', 'param'] as const).filter((key) => options[key] !== undefined);
  if (given.length > 0) throw new UsageError(`--parent narrows its parent's space on its design and data; drop ${given.map((key) => `--${key}`).join(', ')}`);
  if (options.record === false) throw new UsageError('--parent reads the parent search from the experiment database; drop --no-record');
  const parentId = options.parent!;
  let parent: SearchDetail;
  try {
    parent = runtime.search.get({ searchId: parentId });
  } catch (error) {
    if (error instanceof CommandError) throw new UsageError(`--parent ${parentId}: ${error.message}`);
    throw error;
  }
  const top = options.top ?? defaultTop;
  const ranked = parent.trials.filter((trial) => trial.metric !== null);
  if (ranked.length === 0) throw new UsageError(`--parent ${parentId}: none of its trials reached a dev metric, so there is no best region to narrow around`);
  const space = narrowAroundTop(parent.space, parent.trials, parent.summary.metric, Math.min(top, ranked.length));
  const { budgetSteps: _parentBudget, ...parentPlan } = parent.summary.plan;
  const plan = planFrom(parentPlan, planFlags(options));
  return { name: options.name ?? `${parentId} narrowed around its best ${Math.min(top, ranked.length)}`, design: parent.design, settings: parent.settings, space, plan, parentId };
}

function planFlags(options: SweepCommandOptions): Record<string, unknown> {
  return {
    trials: options.trials,
    parallel: options.parallel,
    strategy: options.strategy,
    seed: options.seed,
    epochs: options.epochs,
    halving: options.halving ? {} : undefined,
    budgetSteps: options.budgetSteps,
  };
}

async function runSweep(runtime: SearchRuntime, request: StartRequest, options: SweepCommandOptions, output: CommandOutput): Promise<number> {
  const { search } = runtime;
  const board = new LiveLeaderboard(options.json ? { isTTY: false, write: () => true } : output.stderr);
  const trials = new Map<number, Trial>();
  const unsubscribe = search.onProgress((progress: SearchProgress) => {
    for (const trial of progress.trials) trials.set(trial.index, trial);
    board.update(progress.search, rankTrials(progress.search.metric, [...trials.values()]), progress.search.status !== 'running');
  });
  let interrupted = false;
  let searchId: string | null = null;
  const onInterrupt = () => {
    interrupted = true;
    if (searchId) void search.stop({ searchId }).catch(() => undefined);
  };
  process.once('SIGINT', onInterrupt);
  try {
    let started: SearchSummary;
    try {
      started = await search.start(request);
    } catch (error) {
      if (error instanceof CommandError && (error.code === 'invalid_request' || error.code === 'not_found')) throw new UsageError(error.message);
      throw error;
    }
    searchId = started.searchId;
    if (interrupted) await search.stop({ searchId });
    const where = options.queue === undefined ? '' : ` on the queue ${redactQueueUrl(options.queue)}`;
    if (!options.json && !board.enabled) output.stderr.write(`deepwire sweep: ${started.searchId}: ${started.plan.trials} trial(s), ${started.plan.parallel} at once${where}…\n`);
    const ended = await search.waitFor(searchId);
    board.clear();
    const detail = search.get({ searchId });
    if (options.json) output.stdout(`${JSON.stringify(sweepJson(detail))}\n`);
    else output.stdout(sweepText(detail));
    if (!options.json && runtime.file) output.stderr.write(`deepwire sweep: recorded as ${ended.searchId} in ${runtime.file}\n`);
    if (interrupted) return exitCodes.interrupted;
    const allFailed = detail.trials.length > 0 && detail.trials.every((trial: Trial) => trial.status === 'failed');
    return ended.status === 'failed' || allFailed ? exitCodes.failed : exitCodes.ok;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    unsubscribe();
    board.clear();
  }
}

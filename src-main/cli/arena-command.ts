/**
 * `deepwire arena`: the unattended strategy arena on a design and data set given as for train:
 * panda (one run babysat by the scripted policy) against caviar (a random search, --param for its
 * space, default the learning rate on a log scale 1e-3…1) on the same budget of optimizer steps,
 * both at once in worker threads. Prints who won, by how much and at what compute; with --json
 * one object {"arenaId", "status", "panda": {"bestDev", "steps", "curve", "runIds", "log"},
 * "caviar": {...}, "winner", "verdict", "searchId", ...}. Ctrl+C stops both sides (exit 130).
 */
import { CommandError, StartArenaRequest, type ArenaSide, type ArenaSummary, type SearchSpace } from '@shared/api';
import { backendChoices } from '@shared/training/run-request';
import { ArenaService } from '../services/search/arena';
import type { WorkerEntry } from '../services/training/worker-entry';
import { DataOptions } from './data-options';
import { metricName } from './leaderboard';
import { ModelOptions } from './model-options';
import { describeOptionIssues, numberIn, oneOf, wholeNumber } from './option-values';
import { ProgressBar } from './progress-bar';
import { RecordOptions } from './record-options';
import { checkedBaseFromOptions } from './search-base';
import { SearchOptions, spaceFromParams } from './search-options';
import { openSearchRuntime } from './search-runtime';
import type { CommandOutput } from './train-command';
import { TrainingOptions } from './training-options';
import { exitCodes, UsageError } from './usage-error';

export const ArenaCommandOptions = DataOptions.extend(ModelOptions.shape)
  .extend(TrainingOptions.shape)
  .extend(RecordOptions.shape)
  .extend(SearchOptions.shape)
  .extend({
    backend: oneOf('--backend', backendChoices).optional(),
    patience: wholeNumber('--patience', 1, 1000).optional(),
    factor: numberIn('--factor', 'a number between 0 and 1 (exclusive)', (v) => v > 0 && v < 1).optional(),
  });

/** Caviar's space when no --param is given: the learning rate, the hyperparameter that matters most. */
export const defaultArenaSpace: SearchSpace = { learningRate: { kind: 'log', min: 1e-3, max: 1 } };
export const defaultArenaTrials = 8;

export async function arenaCommand(raw: Record<string, unknown>, output: CommandOutput, worker: WorkerEntry): Promise<number> {
  const parsed = ArenaCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  if (options.budgetSteps === undefined) throw new UsageError('--budget-steps is required: the optimizer steps each side may spend, e.g. --budget-steps 2000');
  if (options.epochs !== undefined) throw new UsageError("--epochs: the arena's budget sets the epochs (panda trains as many as --budget-steps holds, caviar's trials share it); drop --epochs");
  if (options.strategy !== undefined) throw new UsageError("--strategy: the arena's caviar side samples at random (the course's advice); drop --strategy");
  const base = await checkedBaseFromOptions(options);
  const space = options.param && options.param.length > 0 ? spaceFromParams(options.param) : defaultArenaSpace;
  const request = StartArenaRequest.safeParse({
    design: base.design,
    settings: base.settings,
    budgetSteps: options.budgetSteps,
    parallel: options.parallel ?? 2,
    seed: options.seed ?? 1,
    caviar: { space, trials: options.trials ?? defaultArenaTrials, halving: options.halving ?? true },
    panda: { patience: options.patience ?? 3, factor: options.factor ?? 0.5, rollbackOnDivergence: true },
  });
  if (!request.success) throw new UsageError(request.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));

  // Panda's one run and caviar's parallel trials train at the same time.
  const runtime = openSearchRuntime({ record: options, commandName: 'arena', stderr: output.stderr, worker, maxConcurrent: request.data.parallel + 1 });
  const bar = new ProgressBar(options.json ? { isTTY: false, write: () => true } : output.stderr);
  const arenas = new ArenaService({
    db: runtime.db,
    training: runtime.training,
    executor: runtime.executor,
    createSearch: runtime.searchOver,
    emit: (event, payload) => {
      if (event === 'search:arenaProgress') showProgress(bar, (payload as { arena: ArenaSummary }).arena);
    },
    log: (line) => output.stderr.write(`deepwire arena: ${line}\n`),
  });
  let interrupted = false;
  let arenaId: string | null = null;
  const onInterrupt = () => {
    interrupted = true;
    if (arenaId) void arenas.stop({ arenaId });
  };
  process.once('SIGINT', onInterrupt);
  try {
    let started: ArenaSummary;
    try {
      started = await arenas.start(request.data);
    } catch (error) {
      if (error instanceof CommandError && error.code === 'invalid_request') throw new UsageError(error.message);
      throw error;
    }
    arenaId = started.arenaId;
    if (interrupted) await arenas.stop({ arenaId });
    const result = await arenas.waitFor(arenaId);
    bar.finish();
    output.stdout(options.json ? `${JSON.stringify(result)}\n` : arenaText(result));
    if (!options.json && runtime.file) output.stderr.write(`deepwire arena: recorded as ${result.arenaId} in ${runtime.file}\n`);
    if (interrupted) return exitCodes.interrupted;
    return result.status === 'completed' ? exitCodes.ok : exitCodes.failed;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    bar.finish();
    arenas.dispose();
    await runtime.close();
  }
}

function showProgress(bar: ProgressBar, arena: ArenaSummary): void {
  const best = (side: ArenaSide) => (side.bestDev === null ? '—' : side.bestDev.toFixed(3));
  const fraction = (arena.panda.steps + arena.caviar.steps) / (2 * arena.budgetSteps);
  bar.update({ fraction, label: `panda ${arena.panda.steps}/${arena.budgetSteps} best ${best(arena.panda)}  caviar ${arena.caviar.steps}/${arena.budgetSteps} best ${best(arena.caviar)}` });
}

export function arenaText(arena: ArenaSummary): string {
  const steps = (n: number) => n.toLocaleString('en-US');
  const side = (name: string, s: ArenaSide) => [
    `${name.padEnd(6)}  best ${metricName(arena.metric)} ${s.bestDev === null ? '—' : s.bestDev.toFixed(4)}, ${steps(s.steps)} of ${steps(arena.budgetSteps)} steps, ${s.runIds.length} run(s)`,
    ...s.log.map((line) => `        ${line}`),
  ];
  return `${[`${arena.arenaId} ${arena.status}: ${arena.verdict ?? 'no verdict'}`, '', ...side('panda', arena.panda), '', ...side('caviar', arena.caviar)].join('\n')}\n`;
}

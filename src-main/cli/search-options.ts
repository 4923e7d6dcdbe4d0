/**
 * The options `sweep` and `arena` share beyond train's: the search space (--param NAME=SCALE,
 * repeatable, or a --space FILE), the plan (--trials, --parallel, --strategy, --halving,
 * --budget-steps), each read into its typed value or an error naming the option.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { JsonObject, RunSettings, SearchPlan, SearchSpace, searchStrategies, type ParamScale, type SearchableName } from '@shared/api';
import { parseParamFlag } from '@shared/search/api';
import { nonEmptyText, oneOf, wholeNumber } from './option-values';
import { UsageError } from './usage-error';

export const SearchOptions = z.object({
  param: z.array(z.string()).optional(),
  trials: wholeNumber('--trials', 1, 1000).optional(),
  parallel: wholeNumber('--parallel', 1, 64).optional(),
  strategy: oneOf('--strategy', searchStrategies).optional(),
  halving: z.boolean().optional(),
  budgetSteps: wholeNumber('--budget-steps', 1, 1e9).optional(),
  json: z.boolean().optional(),
  // Declared with the training options, but a search trains many runs: each is kept in history instead.
  saveModel: z
    .string()
    .optional()
    .refine((value) => value === undefined, { message: "--save-model saves one run's model; a search's runs are kept in history (deepwire show RUN_ID), so drop --save-model" }),
});
export type SearchOptions = z.output<typeof SearchOptions>;

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** --param lr=log:1e-4:1e-1 … as a search space; a name given twice is refused. */
export function spaceFromParams(params: readonly string[]): Partial<Record<SearchableName, ParamScale>> {
  const space: Partial<Record<SearchableName, ParamScale>> = {};
  for (const text of params) {
    const parsed = parseParamFlag(text);
    if (!parsed.ok) throw new UsageError(`--param ${text}: ${parsed.message}`);
    if (space[parsed.name]) throw new UsageError(`--param ${text}: ${parsed.name} is already given by another --param`);
    space[parsed.name] = parsed.scale;
  }
  return space;
}

/** A --space file: {"space": {...}, "plan"?: {...}, "base"?: {"design", "settings"}}. */
export const SpaceFile = z
  .object({
    space: SearchSpace,
    plan: z.record(z.string(), z.unknown()).optional(),
    base: z.object({ design: JsonObject, settings: RunSettings }).strict().optional(),
  })
  .strict();
export type SpaceFile = z.output<typeof SpaceFile>;

/** A space file is small: a larger one is not what this option takes. */
const maxSpaceFileBytes = 16 * 1024 * 1024;

export function readSpaceFile(path: string): SpaceFile {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--space: there is no file '${path}'`);
  if (statSync(path).size > maxSpaceFileBytes) throw new UsageError(`--space ${path}: the file is larger than ${maxSpaceFileBytes / 1024 / 1024} MB; a search space file holds {"space", "plan"?, "base"?}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--space ${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = SpaceFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    throw new UsageError(`--space ${path}: ${issues.join('; ')} (the file holds {"space": {"learningRate": {"kind": "log", "min": 0.0001, "max": 0.1}}, "plan"?: {...}, "base"?: {"design", "settings"}})`);
  }
  return parsed.data;
}

/** The plan: flags over the file's plan over the defaults, checked whole (an error names the field). */
export function planFrom(filePlan: Record<string, unknown> | undefined, flags: Record<string, unknown>): SearchPlan {
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const parsed = SearchPlan.safeParse({ trials: 8, epochs: 100, ...filePlan, ...given });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const where = key === '' ? 'the plan' : (planFlags[key] ?? `the plan's ${key}`);
    throw new UsageError(`${where}: ${issue.message}`);
  }
  return parsed.data;
}

const planFlags: Record<string, string> = {
  trials: '--trials',
  parallel: '--parallel',
  strategy: '--strategy',
  seed: '--seed',
  epochs: '--epochs',
  halving: '--halving',
  budgetSteps: '--budget-steps',
};

export const parentOptions = { parent: nonEmptyText('--parent').optional(), top: wholeNumber('--top', 1, 1000).optional() };

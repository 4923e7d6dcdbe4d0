/**
 * The run settings form's fields, derived from the contract's schemas and the registries rather than
 * repeated: which numeric options each data generator, optimizer, decay schedule and initializer
 * has, each checked with the very schema the service checks it with.
 */
import { z } from 'zod';
import { AdjustmentChanges, BatchSizeSetting, DataSource, RunSeeds, TrainingConfig } from '@shared/api';
import { GeneratorConfig, generatorKinds, type GeneratorKind } from '@shared/data/generators/registry';
import { SplitFractions } from '@shared/data/split';
import { InitializerConfig, ScheduleConfig, type InitializerKind, type ScheduleKind } from '@shared/engine/config';
import { hyperparameterShape, hyperparameterSpecs, hyperparametersOf, type HyperparameterName, type OptimizerKind } from '@shared/engine/optimizers/registry';

/** The data sets the combobox offers, in its order. */
export const datasetChoices = [...generatorKinds, 'mnist', 'iris', 'csv'] as const;
export type DatasetChoice = (typeof datasetChoices)[number];

export const datasetLabels: Record<DatasetChoice, string> = {
  circles: 'Circles',
  moons: 'Moons',
  spiral: 'Spiral',
  xor: 'XOR',
  blobs: 'Blobs',
  flower: 'Flower',
  football: 'Football',
  mnist: 'MNIST digits',
  iris: 'Iris',
  csv: 'CSV file…',
};

/** Features per example of the data sets whose shape is known before loading. */
export const knownFeatures: Record<Exclude<DatasetChoice, 'csv'>, number> = {
  ...(Object.fromEntries(generatorKinds.map((kind) => [kind, 2])) as Record<GeneratorKind, number>),
  mnist: 784,
  iris: 4,
};

export function isGenerator(choice: DatasetChoice): choice is GeneratorKind {
  return (generatorKinds as readonly string[]).includes(choice);
}

type Shape = Record<string, z.ZodType>;
const optionShape = <T extends { shape: Shape }>(options: readonly T[], kind: string): Shape =>
  options.find((option) => (option.shape.kind as z.ZodLiteral<string>).value === kind)?.shape ?? {};

/** A generator's schema for one option (samples, noise). */
export function generatorOption(kind: GeneratorKind, option: 'samples' | 'noise'): z.ZodType {
  return optionShape(GeneratorConfig.options, kind)[option]!;
}

/** The default a generator uses for an option (the schema's default). */
export function generatorDefault(kind: GeneratorKind, option: 'samples' | 'noise'): number {
  return generatorOption(kind, option).parse(undefined) as number;
}

/** The numeric options of a decay schedule or initializer: every field but `kind` that takes a number. */
function numericFields(shape: Shape): string[] {
  return Object.keys(shape).filter((name) => name !== 'kind' && isNumber(shape[name]!));
}

/** Whether a schema (maybe with a default or optional) takes a number. */
function isNumber(schema: z.ZodType): boolean {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  if ((def.type === 'default' || def.type === 'optional') && def.innerType) return isNumber(def.innerType);
  return def.type === 'number';
}

export function scheduleFields(kind: ScheduleKind): string[] {
  return numericFields(optionShape(ScheduleConfig.options, kind));
}
export function scheduleOption(kind: ScheduleKind, name: string): z.ZodType {
  return optionShape(ScheduleConfig.options, kind)[name]!;
}
export function initializerFields(kind: InitializerKind): string[] {
  return numericFields(optionShape(InitializerConfig.options, kind));
}
export function initializerOption(kind: InitializerKind, name: string): z.ZodType {
  return optionShape(InitializerConfig.options, kind)[name]!;
}

/**
 * The optimizer's hyperparameters in the course's order of importance: momentum's β comes right
 * after the learning rate; the second-moment β2 and ε (Adam, RMSprop) and Adam's β1 last.
 */
export function optimizerFields(kind: OptimizerKind): { early: HyperparameterName[]; late: HyperparameterName[] } {
  const names = hyperparametersOf[kind] as readonly HyperparameterName[];
  const early = names.filter((name) => name === 'beta');
  return { early, late: names.filter((name) => name !== 'beta') };
}

const hyperparameters = hyperparameterShape();
export function hyperparameterOption(name: HyperparameterName): z.ZodType {
  return hyperparameters[name];
}
export function hyperparameterLabel(name: HyperparameterName): string {
  return `${hyperparameterSpecs[name].symbol} (${hyperparameterSpecs[name].help})`;
}

export const settingsSchemas = {
  learningRate: TrainingConfig.shape.learningRate,
  l2: TrainingConfig.shape.l2,
  epochs: TrainingConfig.shape.epochs,
  batchSize: BatchSizeSetting,
  seed: RunSeeds.shape.data,
  keepProb: AdjustmentChanges.shape.keepProb.unwrap(),
  fraction: z.number().min(0, 'a fraction cannot be negative').max(1, 'a fraction can be at most 1'),
  split: SplitFractions,
  data: DataSource,
} as const;

/** The first problem zod finds, as a sentence. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'this value is not accepted';
  // zod's own wording ("Too small: expected number to be >0") said as a person would say it; messages the schemas chose stay.
  if (issue.code === 'too_small' && issue.message.startsWith('Too small')) return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.message.startsWith('Too big')) return issue.inclusive ? `can be at most ${String(issue.maximum)}` : `must be below ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  return issue.message;
}

/**
 * Reads a typed value as a number and checks it: null when fine, else why not. Accepts a decimal
 * comma and exponents (1e-3), as people type them.
 */
export function checkNumber(text: string, schema: z.ZodType): { value: number; problem: null } | { value: null; problem: string } {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { value: null, problem: 'enter a number' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { value: null, problem: `“${text.trim()}” is not a number` };
  const parsed = schema.safeParse(value);
  return parsed.success ? { value, problem: null } : { value: null, problem: firstProblem(parsed.error) };
}

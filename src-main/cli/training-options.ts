/**
 * The `train` options that become a TrainingConfig: initialization, optimizer and its β's,
 * learning rate and decay, batch size, epochs, L2, early stopping, seed. Options that only make
 * sense for another choice (--beta1 with momentum, --decay-interval without a stepped decay)
 * are refused rather than silently ignored.
 */
import { z } from 'zod';
import { initializerKinds, optimizerKinds, type InitializerConfig, OptimizerConfig, type ScheduleConfig } from '@shared/engine/config';
import { describeRange, inRange } from '@shared/engine/bounds';
import { hyperparameterNames, hyperparameterSpecs, optimizersWith, type HyperparameterName } from '@shared/engine/optimizers/registry';
import { TrainingConfig } from '@shared/training/config';
import { nonNegativeNumber, numberIn, oneOf, optionValue, positiveNumber, wholeNumber } from './option-values';
import { UsageError } from './usage-error';

export const decayKinds = ['none', 'inverse-time', 'scheduled', 'exponential', 'step'] as const;

/** --beta, --beta1, --beta2, --epsilon: one option per optimizer hyperparameter, in its bounds. */
function hyperparameterOptions() {
  const entries = hyperparameterNames.map((name) => {
    const { range } = hyperparameterSpecs[name];
    return [name, numberIn(hyperparameterFlag(name), describeRange(range), (v) => inRange(range, v)).optional()];
  });
  return Object.fromEntries(entries) as { [P in HyperparameterName]: z.ZodOptional<ReturnType<typeof numberIn>> };
}

/** The command-line flag of a hyperparameter: beta1 → --beta1. */
export function hyperparameterFlag(name: HyperparameterName): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export const TrainingOptions = z.object({
  init: oneOf('--init', initializerKinds).optional(),
  initScale: positiveNumber('--init-scale').optional(),
  optimizer: oneOf('--optimizer', optimizerKinds).optional(),
  lr: positiveNumber('--lr').optional(),
  ...hyperparameterOptions(),
  batch: optionValue('--batch', "a whole number ≥ 1 or 'full'", (raw): number | 'full' | undefined => {
    const text = raw.trim();
    if (text === 'full') return 'full';
    return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 1_000_000 ? Number(text) : undefined;
  }).optional(),
  epochs: wholeNumber('--epochs', 1, 1_000_000).optional(),
  decay: oneOf('--decay', decayKinds).optional(),
  decayRate: nonNegativeNumber('--decay-rate').optional(),
  decayInterval: wholeNumber('--decay-interval', 1, 1_000_000).optional(),
  l2: nonNegativeNumber('--l2').optional(),
  earlyStopping: wholeNumber('--early-stopping', 1, 10_000).optional(),
  targetError: numberIn('--target-error', 'an error rate from 0 to 1', (v) => v >= 0 && v <= 1).optional(),
});
export type TrainingOptions = z.output<typeof TrainingOptions>;

export const trainingDefaults = { init: 'he', optimizer: 'adam', lr: 0.01, batch: 64, epochs: 100, seed: 1 } as const;

export function initializerFrom(options: Pick<TrainingOptions, 'init' | 'initScale'>): InitializerConfig {
  const kind = options.init ?? trainingDefaults.init;
  if (options.initScale !== undefined && kind !== 'random') throw new UsageError(`--init-scale applies to --init random only (got --init ${kind})`);
  if (kind === 'random') {
    if (options.initScale !== undefined && options.initScale > 100) throw new UsageError(`--init-scale must be at most 100, got '${options.initScale}'`);
    return { kind, scale: options.initScale ?? 0.01 };
  }
  return kind === 'xavier' ? { kind, form: 'fan-in' } : { kind };
}

export function trainingConfigFrom(options: TrainingOptions, seed: number): TrainingConfig {
  const optimizer = optimizerFrom(options);
  const config = TrainingConfig.safeParse({
    initializer: initializerFrom(options),
    optimizer,
    schedule: scheduleFrom(options),
    learningRate: options.lr ?? trainingDefaults.lr,
    l2: options.l2 ?? 0,
    batchSize: options.batch ?? trainingDefaults.batch,
    epochs: options.epochs ?? trainingDefaults.epochs,
    seed,
    ...(options.earlyStopping !== undefined && { earlyStopping: { patience: options.earlyStopping } }),
    ...(options.targetError !== undefined && { targetError: options.targetError }),
  });
  if (!config.success) {
    // Each option was checked on its own above; what is left are range limits of the engine.
    const issue = config.error.issues[0]!;
    throw new UsageError(`${flagOf(String(issue.path[0]))}: ${issue.message}`);
  }
  return config.data;
}

function optimizerFrom(options: TrainingOptions): OptimizerConfig {
  const kind = options.optimizer ?? trainingDefaults.optimizer;
  const hyper: Partial<Record<HyperparameterName, number>> = {};
  for (const name of hyperparameterNames) {
    const value = options[name];
    if (value === undefined) continue;
    const kinds = optimizersWith(name);
    if (!kinds.includes(kind)) throw new UsageError(`${hyperparameterFlag(name)} applies to --optimizer ${kinds.join(' or ')} (got --optimizer ${kind})`);
    hyper[name] = value;
  }
  // the optimizer's schema fills in the defaults of what was not given
  return OptimizerConfig.parse({ kind, ...hyper });
}

function scheduleFrom(options: TrainingOptions): ScheduleConfig {
  const decay = options.decay ?? 'none';
  if (decay === 'none') {
    if (options.decayRate !== undefined) throw new UsageError('--decay-rate needs a --decay (inverse-time, scheduled, exponential or step)');
    if (options.decayInterval !== undefined) throw new UsageError('--decay-interval needs --decay scheduled or step');
    return { kind: 'constant' };
  }
  if (options.decayInterval !== undefined && decay !== 'scheduled' && decay !== 'step') {
    throw new UsageError(`--decay-interval applies to --decay scheduled or step (got --decay ${decay})`);
  }
  const rate = options.decayRate;
  if (rate !== undefined && (decay === 'exponential' || decay === 'step') && !(rate > 0 && rate <= 1)) {
    throw new UsageError(`--decay-rate must be in (0, 1] for --decay ${decay} (the factor the rate is multiplied by), got '${rate}'`);
  }
  if (rate !== undefined && rate > 100) throw new UsageError(`--decay-rate must be at most 100, got '${rate}'`);
  switch (decay) {
    case 'inverse-time':
      return { kind: decay, decayRate: rate ?? 1 };
    case 'scheduled':
      return { kind: decay, decayRate: rate ?? 1, interval: options.decayInterval ?? 1000 };
    case 'exponential':
      return { kind: decay, decayRate: rate ?? 0.95 };
    case 'step':
      return { kind: decay, decayRate: rate ?? 0.5, interval: options.decayInterval ?? 10 };
  }
}

function flagOf(key: string): string {
  const flags: Record<string, string> = { learningRate: '--lr', batchSize: '--batch', l2: '--l2', epochs: '--epochs', optimizer: '--optimizer', schedule: '--decay', initializer: '--init' };
  return flags[key] ?? `--${key}`;
}

/**
 * The `train` options that become a TrainingConfig: initialization, optimizer and its β's,
 * learning rate and decay, batch size, epochs, L2, early stopping, seed. Options that only make
 * sense for another choice (--beta1 with momentum, --decay-interval without a stepped decay)
 * are refused rather than silently ignored.
 */
import { z } from 'zod';
import { initializerKinds, optimizerKinds, type InitializerConfig, type OptimizerConfig, type ScheduleConfig } from '@shared/engine/config';
import { TrainingConfig } from '@shared/training/config';
import { betaValue, nonNegativeNumber, numberIn, oneOf, optionValue, positiveNumber, wholeNumber } from './option-values';
import { UsageError } from './usage-error';

export const decayKinds = ['none', 'inverse-time', 'scheduled', 'exponential', 'step'] as const;

export const TrainingOptions = z.object({
  init: oneOf('--init', initializerKinds).optional(),
  initScale: positiveNumber('--init-scale').optional(),
  optimizer: oneOf('--optimizer', optimizerKinds).optional(),
  lr: positiveNumber('--lr').optional(),
  beta: betaValue('--beta').optional(),
  beta1: betaValue('--beta1').optional(),
  beta2: betaValue('--beta2').optional(),
  epsilon: numberIn('--epsilon', 'a number in (0, 1]', (v) => v > 0 && v <= 1).optional(),
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

/** Which optimizer each β/ε option belongs to. */
const optimizerOptions: Record<string, { key: 'beta' | 'beta1' | 'beta2' | 'epsilon'; kinds: readonly string[] }> = {
  '--beta': { key: 'beta', kinds: ['momentum'] },
  '--beta1': { key: 'beta1', kinds: ['adam'] },
  '--beta2': { key: 'beta2', kinds: ['rmsprop', 'adam'] },
  '--epsilon': { key: 'epsilon', kinds: ['rmsprop', 'adam'] },
};

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
  const hyper: Record<string, number> = {};
  for (const [flag, { key, kinds }] of Object.entries(optimizerOptions)) {
    const value = options[key];
    if (value === undefined) continue;
    if (!kinds.includes(kind)) throw new UsageError(`${flag} applies to --optimizer ${kinds.join(' or ')} (got --optimizer ${kind})`);
    hyper[key] = value;
  }
  if (hyper.epsilon === undefined && (kind === 'adam' || kind === 'rmsprop')) hyper.epsilon = 1e-8;
  const defaults = { gd: {}, momentum: { beta: 0.9 }, rmsprop: { beta2: 0.999 }, adam: { beta1: 0.9, beta2: 0.999 } }[kind];
  return { kind, ...defaults, ...hyper } as OptimizerConfig;
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

/**
 * Plain, JSON-safe configs for the engine's registries, keyed by stable strings. These strings are
 * what SQLite, files, the CLI and IPC carry; the schemas validate them wherever they enter.
 */
import { z } from 'zod';

export const initializerKinds = ['zeros', 'random', 'he', 'xavier'] as const;
export type InitializerKind = (typeof initializerKinds)[number];

export const InitializerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zeros') }).strict(),
  /** W ~ N(0, 1) · scale (the course's "random × 0.01"). */
  z.object({ kind: z.literal('random'), scale: z.number().positive().max(100).default(0.01) }).strict(),
  /** W ~ N(0, 2/fan_in). */
  z.object({ kind: z.literal('he') }).strict(),
  /** W ~ N(0, 1/fan_in) ('fan-in'), or N(0, 2/(fan_in+fan_out)) ('fan-avg', Glorot). */
  z.object({ kind: z.literal('xavier'), form: z.enum(['fan-in', 'fan-avg']).default('fan-in') }).strict(),
]);
export type InitializerConfig = z.output<typeof InitializerConfig>;

// Optimizers live one per file in optimizers/; their kinds, configs and hyperparameters are derived there.
export { optimizerKinds, OptimizerConfig, type OptimizerKind, type OptimizerHyperparameters } from './optimizers/registry';

export const scheduleKinds = ['constant', 'inverse-time', 'scheduled', 'exponential', 'step'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];

const rate = z.number().min(0).max(100);
const interval = z.number().int().min(1).max(1_000_000);

export const ScheduleConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  /** α = α0 / (1 + decayRate · epoch) */
  z.object({ kind: z.literal('inverse-time'), decayRate: rate.default(1) }).strict(),
  /** α = α0 / (1 + decayRate · ⌊epoch / interval⌋): the course's scheduled decay. */
  z.object({ kind: z.literal('scheduled'), decayRate: rate.default(1), interval: interval.default(1000) }).strict(),
  /** α = α0 · decayRate^epoch (decayRate < 1, e.g. 0.95). */
  z.object({ kind: z.literal('exponential'), decayRate: z.number().gt(0).max(1).default(0.95) }).strict(),
  /** α = α0 · decayRate^⌊epoch / interval⌋ */
  z.object({ kind: z.literal('step'), decayRate: z.number().gt(0).max(1).default(0.5), interval: interval.default(10) }).strict(),
]);
export type ScheduleConfig = z.output<typeof ScheduleConfig>;

/**
 * The optimizers by kind (one file each), and everything derived from them rather than repeated:
 * the config schema with defaults, the hyperparameter names with their bounds, the saved state's
 * schema, which hyperparameters and moments each kind has. The fast path, the adjust schema and
 * the command line read these.
 */
import { z } from 'zod';
import { boundedNumber, describeRange, inRange } from '../bounds';
import { adam } from './adam';
import type { HyperparameterSpec, OptimizerDescriptor } from './descriptor';
import { gd } from './gd';
import { momentum } from './momentum';
import { rmsprop } from './rmsprop';

export const optimizerKinds = ['gd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof optimizerKinds)[number];

export const optimizers = { gd, momentum, rmsprop, adam } as const satisfies { readonly [K in OptimizerKind]: OptimizerDescriptor<K> };

type HyperparameterOf<K extends OptimizerKind> = keyof (typeof optimizers)[K]['hyperparameters'] & string;
/** Every hyperparameter name some optimizer has: beta, beta1, beta2, epsilon. */
export type HyperparameterName = { [K in OptimizerKind]: HyperparameterOf<K> }[OptimizerKind];
/** A value for every name (a kind reads only its own; the rest keep their defaults). */
export type Hyperparameters = Record<HyperparameterName, number>;
/** The hyperparameters that can change between steps without resetting optimizer state (panda). */
export type OptimizerHyperparameters = Partial<Hyperparameters>;

/** Which hyperparameters each kind reads, in its declared order. */
export const hyperparametersOf = Object.fromEntries(optimizerKinds.map((kind) => [kind, Object.keys(optimizers[kind].hyperparameters)])) as unknown as {
  readonly [K in OptimizerKind]: readonly HyperparameterOf<K>[];
};

/** Which moment buffers each kind keeps. */
export const momentsOf = Object.fromEntries(optimizerKinds.map((kind) => [kind, optimizers[kind].moments])) as Record<OptimizerKind, { readonly v: boolean; readonly s: boolean }>;

/** Each name's spec (bounds, default, help), as the optimizers declare it (they share one per name: hyperparameters.ts). */
export const hyperparameterSpecs = Object.fromEntries(
  optimizerKinds.flatMap((kind) => Object.entries<HyperparameterSpec>(optimizers[kind].hyperparameters)),
) as Record<HyperparameterName, HyperparameterSpec>;

/** In a stable order for help texts and loops: beta, beta1, beta2, epsilon. */
export const hyperparameterNames = (Object.keys(hyperparameterSpecs) as HyperparameterName[]).sort();

/** The kinds that read a hyperparameter, e.g. beta2 → rmsprop, adam. */
export function optimizersWith(name: HyperparameterName): OptimizerKind[] {
  return optimizerKinds.filter((kind) => (hyperparametersOf[kind] as readonly string[]).includes(name));
}

/** Defaults for every name, so a saved state always has every field. */
export const hyperparameterDefaults = Object.fromEntries(hyperparameterNames.map((name) => [name, hyperparameterSpecs[name].default])) as Hyperparameters;

/** A zod number per name, in its bounds, with messages that name it. */
export function hyperparameterShape(): { [P in HyperparameterName]: z.ZodNumber } {
  return Object.fromEntries(hyperparameterNames.map((name) => [name, boundedNumber(name, hyperparameterSpecs[name].range)])) as { [P in HyperparameterName]: z.ZodNumber };
}

/** { kind, ...each hyperparameter with its default }, strict. */
function configSchema<K extends OptimizerKind, H extends string>(descriptor: OptimizerDescriptor<K, H>) {
  const shape: Record<string, z.ZodType> = { kind: z.literal(descriptor.kind) };
  for (const [name, spec] of Object.entries<HyperparameterSpec>(descriptor.hyperparameters)) shape[name] = boundedNumber(name, spec.range).default(spec.default);
  return z.object(shape).strict() as unknown as z.ZodObject<{ kind: z.ZodLiteral<K> } & { [P in H]: z.ZodDefault<z.ZodNumber> }, z.core.$strict>;
}

/** An optimizer's plain config; schema defaults apply, so `{ kind: 'adam' }` is enough. */
export const OptimizerConfig = z.discriminatedUnion('kind', [configSchema(gd), configSchema(momentum), configSchema(rmsprop), configSchema(adam)]);
export type OptimizerConfig = z.output<typeof OptimizerConfig>;

const HyperparametersSchema = z.object(hyperparameterShape()).strict();

/** What getState saves: enough to continue bit for bit, on either backend. */
export const OptimizerState = z
  .object({
    kind: z.enum(optimizerKinds),
    step: z.number().int().min(0),
    hyperparameters: HyperparametersSchema,
    /** Π β1 and Π β2 over the steps taken (Adam's bias correction). */
    beta1Power: z.number().min(0).max(1),
    beta2Power: z.number().min(0).max(1),
    moments: z.record(z.string(), z.object({ v: z.array(z.number()).optional(), s: z.array(z.number()).optional() }).strict()),
  })
  .strict();
export type OptimizerState = z.infer<typeof OptimizerState>;

/** The hyperparameters after `changes`, for the names this kind reads (others are ignored); throws naming a value out of bounds. */
export function changeHyperparameters(kind: OptimizerKind, current: Hyperparameters, changes: OptimizerHyperparameters): Hyperparameters {
  const next = { ...current };
  for (const name of hyperparametersOf[kind] as readonly HyperparameterName[]) {
    const value = changes[name];
    if (value === undefined) continue;
    const { symbol, range } = hyperparameterSpecs[name];
    if (!inRange(range, value)) throw new Error(`Invalid optimizer hyperparameter: ${name} (${symbol}) must be ${describeRange(range)}, got ${value}.`);
    next[name] = value;
  }
  return next;
}

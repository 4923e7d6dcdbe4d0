/**
 * Weight initializers, keyed by InitializerConfig.kind. Every kind draws W ~ N(0, σ²) with its
 * own σ (zeros: σ = 0, drawing nothing). Biases start at zero and batch norm at γ = 1, β = 0
 * whatever the kind: those are not symmetric-breaking choices.
 */
import { InitializerConfig, type InitializerKind } from './config';
import type { Rng } from './rng';
import type { FloatArray, ParameterRole } from './types';

type ConfigOf<K extends InitializerKind> = Extract<InitializerConfig, { kind: K }>;

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** Each kind's standard deviation σ for a weight matrix with these fans. */
export const initializerRegistry: { [K in InitializerKind]: (config: ConfigOf<K>, fans: Fans) => number } = {
  // W = 0: every unit computes the same function (the course's symmetry demonstration)
  zeros: () => 0,
  // W ~ N(0, 1) · scale
  random: (config) => config.scale,
  // W ~ N(0, 2 / fan_in)
  he: (_config, { fanIn }) => Math.sqrt(2 / fanIn),
  // W ~ N(0, 1 / fan_in), or N(0, 2 / (fan_in + fan_out)) for 'fan-avg'
  xavier: (config, { fanIn, fanOut }) => (config.form === 'fan-avg' ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(1 / fanIn)),
};

export function initializerStandardDeviation(config: InitializerConfig, fans: Fans): number {
  const std = initializerRegistry[config.kind] as (config: InitializerConfig, fans: Fans) => number;
  return std(config, fans);
}

/** Fills a parameter tensor: weights from the initializer, biases 0, γ 1, β 0. */
export function initializeParameter(values: FloatArray, role: ParameterRole, config: InitializerConfig, fans: Fans, rng: Rng): void {
  if (role === 'bias' || role === 'beta') return void values.fill(0);
  if (role === 'gamma') return void values.fill(1);
  const std = initializerStandardDeviation(config, fans);
  if (std === 0) return void values.fill(0);
  for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
}

/** Parses a config from outside (JSON, CLI, IPC), applying the schema's defaults. */
export function parseInitializerConfig(input: unknown): InitializerConfig {
  return InitializerConfig.parse(input);
}

/**
 * The synthetic data sets by stable name, each with a plain config (what the CLI, files and IPC
 * carry). `noise` means what each generator's comment says; the defaults are the classic settings.
 */
import { z } from 'zod';
import type { Dataset } from '../dataset';
import type { Rng } from '../../engine/rng';
import { blobs } from './blobs';
import { circles } from './circles';
import { flower } from './flower';
import { football } from './football';
import { moons } from './moons';
import { spiral } from './spiral';
import { xor } from './xor';

export const generatorKinds = ['circles', 'moons', 'spiral', 'xor', 'blobs', 'flower', 'football'] as const;
export type GeneratorKind = (typeof generatorKinds)[number];

const samples = z.number().int().min(4).max(1_000_000);
const noise = z.number().min(0).max(10);

export const GeneratorConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circles'), samples: samples.default(1000), noise: noise.default(0.05), factor: z.number().gt(0).lt(1).default(0.5) }).strict(),
  z.object({ kind: z.literal('moons'), samples: samples.default(1000), noise: noise.default(0.1) }).strict(),
  z.object({ kind: z.literal('spiral'), samples: samples.default(900), noise: noise.default(0.02), arms: z.number().int().min(2).max(10).default(3) }).strict(),
  z.object({ kind: z.literal('xor'), samples: samples.default(1000), noise: noise.default(0.05) }).strict(),
  z.object({ kind: z.literal('blobs'), samples: samples.default(900), noise: noise.default(0.6), classes: z.number().int().min(2).max(10).default(3) }).strict(),
  z.object({ kind: z.literal('flower'), samples: samples.default(400), noise: noise.default(0.2) }).strict(),
  z.object({ kind: z.literal('football'), samples: samples.default(400), noise: noise.default(0.08) }).strict(),
]);
export type GeneratorConfig = z.output<typeof GeneratorConfig>;

/** Builds the data set a config describes, drawing only from `rng`. */
export function generateDataset(config: GeneratorConfig, rng: Rng): Dataset {
  switch (config.kind) {
    case 'circles':
      return circles(config.samples, config.noise, rng, config.factor);
    case 'moons':
      return moons(config.samples, config.noise, rng);
    case 'spiral':
      return spiral(config.samples, config.noise, rng, config.arms);
    case 'xor':
      return xor(config.samples, config.noise, rng);
    case 'blobs':
      return blobs(config.samples, config.noise, rng, config.classes);
    case 'flower':
      return flower(config.samples, config.noise, rng);
    case 'football':
      return football(config.samples, config.noise, rng);
  }
}

export function isGeneratorKind(name: string): name is GeneratorKind {
  return (generatorKinds as readonly string[]).includes(name);
}

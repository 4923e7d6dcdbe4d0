/**
 * The model options shared by `train` and `gradcheck`: the network from --layers (with
 * --activation, --output, --keep-prob, --batch-norm) or from a design file (--graph), checked
 * against the data's features and classes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { mlpSpec } from '@shared/engine/mlp';
import { outputKinds, type ModelSpec } from '@shared/engine/spec';
import { compileGraph } from '@shared/graph/compile';
import { parseDesignFile } from '@shared/graph/file';
import type { Dataset } from '@shared/data/dataset';
import { describeShapeMismatch } from '@shared/training/targets';
import { nonEmptyText, numberIn, numberList, oneOf } from './option-values';
import { UsageError } from './usage-error';

export const hiddenActivations = ['relu', 'leaky-relu', 'tanh', 'sigmoid'] as const;

export const ModelOptions = z.object({
  graph: nonEmptyText('--graph').optional(),
  layers: numberList('--layers', 'comma-separated layer sizes from input to output, like 2,10,5,1 (whole numbers ≥ 1, at least two)', null, (v) => Number.isInteger(v) && v >= 1 && v <= 100_000)
    .refine((sizes) => sizes.length >= 2, { message: '--layers needs at least an input size and an output size, like 2,1' })
    .optional(),
  activation: oneOf('--activation', hiddenActivations).optional(),
  output: oneOf('--output', outputKinds).optional(),
  keepProb: numberIn('--keep-prob', 'a probability in (0, 1]', (v) => v > 0 && v <= 1).optional(),
  batchNorm: z.boolean().optional(),
});
export type ModelOptions = z.output<typeof ModelOptions>;

const lossOf = { softmax: 'categorical-crossentropy', sigmoid: 'binary-crossentropy', linear: 'mse' } as const;
const maxDesignBytes = 50 * 1024 * 1024;

/** The ModelSpec the options describe, checked against the training data's shape. */
export function resolveModel(options: ModelOptions, data: Pick<Dataset, 'features' | 'classes'> & { name: string }): ModelSpec {
  if (options.graph !== undefined && options.layers !== undefined) throw new UsageError('give the network either with --layers or with --graph, not both');
  if (options.graph === undefined && options.layers === undefined) {
    throw new UsageError(`give the network with --layers (e.g. --layers ${data.features},16,${data.classes === 2 ? 1 : data.classes}) or with --graph FILE.json`);
  }
  const spec = options.graph !== undefined ? specFromDesign(options, options.graph, data.features) : specFromLayers(options, options.layers!, data);
  const mismatch = describeShapeMismatch(spec, data);
  if (mismatch) throw new UsageError(`${options.graph !== undefined ? `--graph ${options.graph}` : '--layers'} does not fit the ${data.name} data: ${mismatch}`);
  return spec;
}

function specFromLayers(options: ModelOptions, sizes: number[], data: Pick<Dataset, 'features' | 'classes'> & { name: string }): ModelSpec {
  const [inputs] = sizes;
  const units = sizes.at(-1)!;
  if (inputs !== data.features) {
    throw new UsageError(`--layers starts with ${inputs} inputs but the ${data.name} data has ${data.features} features; start it with ${data.features}`);
  }
  const output = options.output ?? (units === 1 ? 'sigmoid' : 'softmax');
  const fitting = output === 'sigmoid' && data.classes === 2 ? `1 (or ${data.classes})` : String(data.classes);
  if (output !== 'linear' && units !== data.classes && !(units === 1 && output === 'sigmoid' && data.classes === 2)) {
    throw new UsageError(`--layers ends with ${units} output unit${units === 1 ? '' : 's'} but the ${data.name} data has ${data.classes} classes; end it with ${fitting}`);
  }
  if (sizes.slice(1).some((size) => size > 4096)) throw new UsageError(`--layers: a layer can have at most 4096 units, got ${sizes.join(',')}`);
  return mlpSpec({
    layers: sizes,
    activation: options.activation ?? 'relu',
    output: { activation: output, loss: lossOf[output] },
    ...(options.keepProb !== undefined && { keepProb: options.keepProb }),
    ...(options.batchNorm && { batchNorm: true }),
  });
}

function specFromDesign(options: ModelOptions, path: string, features: number): ModelSpec {
  for (const [flag, given] of [['--activation', options.activation], ['--output', options.output], ['--keep-prob', options.keepProb], ['--batch-norm', options.batchNorm]] as const) {
    if (given !== undefined) throw new UsageError(`${flag} shapes a --layers network; a --graph design sets its own layers (edit the design instead)`);
  }
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--graph: there is no file '${path}'`);
  if (statSync(path).size > maxDesignBytes) throw new UsageError(`--graph: '${path}' is too large to be a design`);
  const parsed = parseDesignFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new UsageError(`--graph ${path}: ${parsed.message}`);
  const compiled = compileGraph(parsed.doc, { inputSize: features });
  if (!compiled.ok) {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `  - ${d.message}${d.nodeId ? ` (node ${d.nodeId})` : ''}`);
    throw new UsageError(`--graph ${path}: the design cannot be trained yet:\n${errors.join('\n')}`);
  }
  return compiled.spec;
}

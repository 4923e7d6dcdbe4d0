/**
 * The model options shared by `train` and `gradcheck`: the network from --layers (with
 * --activation, --output, --keep-prob, --batch-norm) or from a design file (--graph). They become
 * the model part of a RunRequest; prepareRun checks it against the data.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { outputKinds } from '@shared/engine/spec';
import { designSizeProblem, parseDesignFile } from '@shared/graph/file';
import { hiddenActivations, type ModelDescription } from '@shared/training/run-request';
import { nonEmptyText, numberIn, numberList, oneOf } from './option-values';
import { UsageError } from './usage-error';

export { hiddenActivations };

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


/** The model the options describe (a --graph file is read and parsed here). */
export function modelFrom(options: ModelOptions): ModelDescription {
  if (options.graph !== undefined && options.layers !== undefined) throw new UsageError('give the network either with --layers or with --graph, not both');
  if (options.graph === undefined && options.layers === undefined) {
    throw new UsageError('give the network with --layers (e.g. --layers 2,16,1: features, hidden units, 1 or the number of classes) or with --graph FILE.json');
  }
  if (options.layers !== undefined) {
    return {
      kind: 'layers',
      layers: options.layers,
      ...(options.activation !== undefined && { activation: options.activation }),
      ...(options.output !== undefined && { output: options.output }),
      ...(options.keepProb !== undefined && { keepProb: options.keepProb }),
      ...(options.batchNorm && { batchNorm: true }),
    };
  }
  const path = options.graph!;
  for (const [flag, given] of [['--activation', options.activation], ['--output', options.output], ['--keep-prob', options.keepProb], ['--batch-norm', options.batchNorm]] as const) {
    if (given !== undefined) throw new UsageError(`${flag} shapes a --layers network; a --graph design sets its own layers (edit the design instead)`);
  }
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--graph: there is no file '${path}'`);
  const tooLarge = designSizeProblem(statSync(path).size);
  if (tooLarge) throw new UsageError(`--graph ${path}: ${tooLarge}`);
  const parsed = parseDesignFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new UsageError(`--graph ${path}: ${parsed.message}`);
  return { kind: 'design', design: parsed.doc };
}

/** How an error about the model names it: the option that gave it. */
export function modelSubject(options: ModelOptions): string {
  return options.graph !== undefined ? `--graph ${options.graph}` : '--layers';
}

/**
 * `deepwire gradcheck`: compares backprop's gradient with centered differences in float64 on a
 * few rows of the (normalized) training data, at the initial weights `train` would start from.
 */
import { z } from 'zod';
import { selectRows } from '@shared/data/dataset';
import { gradientCheck } from '@shared/engine/gradcheck';
import { createTsTrainer } from '@shared/engine/ts-trainer';
import { runStreams } from '@shared/training/seeds';
import { targetsFor } from '@shared/training/targets';
import { DataOptions, prepareData } from './data-options';
import { ModelOptions, resolveModel } from './model-options';
import { describeOptionIssues, nonNegativeNumber, wholeNumber } from './option-values';
import type { CommandOutput } from './train-command';
import { initializerFrom, trainingDefaults, TrainingOptions } from './training-options';
import { exitCodes, UsageError } from './usage-error';

export const GradcheckCommandOptions = DataOptions.extend(ModelOptions.shape).extend({
  init: TrainingOptions.shape.init,
  initScale: TrainingOptions.shape.initScale,
  l2: nonNegativeNumber('--l2').optional(),
  seed: wholeNumber('--seed', 0, 4_294_967_295).optional(),
  rows: wholeNumber('--rows', 1, 256).optional(),
  json: z.boolean().optional(),
});

export const defaultCheckRows = 8;

export function gradcheckCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  const parsed = GradcheckCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const seed = options.seed ?? trainingDefaults.seed;
  const initializer = initializerFrom(options);
  const streams = runStreams(seed);
  const data = prepareData(options, streams.data, { split: [1, 0, 0] });
  const spec = resolveModel(options, { features: data.train.features, classes: data.train.classes, name: data.name });

  const rows = Math.min(options.rows ?? defaultCheckRows, data.train.rows);
  const batch = selectRows(data.train, Array.from({ length: rows }, (_, i) => i));
  const l2 = options.l2 ?? 0;
  // The weights `deepwire train` would start from with the same seed.
  const weights = createTsTrainer(spec, { initializer, optimizer: { kind: 'gd' }, l2, rng: streams.model }).exportWeights();
  const report = gradientCheck({ spec, weights, x: batch.x, y: targetsFor(spec, batch), batchSize: rows, l2 });

  if (options.json) {
    output.stdout(`${JSON.stringify({ ...report, rows, seed })}\n`);
  } else {
    const lines = [
      `Gradient check on ${rows} rows of ${data.name} (float64, h = ${report.epsilon}${l2 > 0 ? `, L2 λ = ${l2}` : ''}):`,
      '',
      ...report.layers.map((layer) => `  ${layer.name.padEnd(16)} ${layer.relativeDifference.toExponential(2)}`),
      '',
      `Overall relative difference ${report.relativeDifference.toExponential(2)}: ${report.verdict}.`,
      report.explanation,
      ...(report.worst ? [`Largest gap: ${report.worst.tensor}[${report.worst.index}] backprop ${report.worst.analytic.toExponential(4)} vs numeric ${report.worst.numeric.toExponential(4)}.`] : []),
      '',
    ];
    output.stdout(lines.join('\n'));
  }
  return report.verdict === 'wrong' ? exitCodes.failed : exitCodes.ok;
}

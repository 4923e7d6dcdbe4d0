/**
 * `deepwire gradcheck`: compares backprop's gradient with centered differences in float64 on a
 * few rows of the (normalized) training data, at the initial weights `train` would start from.
 * Each finite difference costs two passes through the whole network, so tensors above
 * --sample entries are checked on a seeded random sample of that many entries (said in the
 * output), and networks above gradcheckMaxParameters are refused.
 */
import { z } from 'zod';
import { checkPreparedGradients, gradientCheckResult, defaultCheckRows, defaultSamplePerTensor, gradcheckMaxParameters, gradcheckParameterLimit } from '@shared/training/gradient-check';
import type { RunRequestInput } from '@shared/training/run-request';
import { prepareRunWithData } from '../services/run-data';
import { DataOptions, dataSourceFrom, seedsFrom, splitFrom } from './data-options';
import { ModelOptions, modelFrom, modelSubject } from './model-options';
import { describeOptionIssues, nonNegativeNumber, wholeNumber } from './option-values';
import { openRecordingStore, RecordOptions } from './record-options';
import type { CommandOutput } from './train-command';
import { trainingConfigFrom, TrainingOptions } from './training-options';
import { exitCodes, UsageError, usageErrorFromSetup } from './usage-error';

export const GradcheckCommandOptions = DataOptions.extend(ModelOptions.shape).extend(RecordOptions.shape).extend({
  init: TrainingOptions.shape.init,
  initScale: TrainingOptions.shape.initScale,
  l2: nonNegativeNumber('--l2').optional(),
  rows: wholeNumber('--rows', 1, 256).optional(),
  sample: wholeNumber('--sample', 1, 100_000).optional(),
  json: z.boolean().optional(),
});

// The limits and the check itself are shared with the app's gradient check (src-shared/training/gradient-check.ts).
export { defaultCheckRows, defaultSamplePerTensor, gradcheckMaxParameters };

const count = (n: number) => n.toLocaleString('en-US');

export async function gradcheckCommand(raw: Record<string, unknown>, output: CommandOutput): Promise<number> {
  const parsed = GradcheckCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const seeds = seedsFrom(options);
  const { seed: _modelSeed, ...settings } = trainingConfigFrom({ init: options.init, initScale: options.initScale, l2: options.l2 }, seeds.model);
  const request: RunRequestInput = {
    data: dataSourceFrom(options),
    split: splitFrom(options, { train: 1, dev: 0, test: 0 })!,
    normalize: options.normalize ?? 'zscore',
    model: modelFrom(options),
    settings,
    seeds,
    // The TypeScript trainer only draws the initial weights `train` would start from (both backends agree).
    backend: 'ts',
  };
  const plannedRows = options.rows ?? defaultCheckRows;
  const maxPerTensor = options.sample ?? defaultSamplePerTensor;
  const parameterLimit = {
    maxParameters: gradcheckParameterLimit(plannedRows, maxPerTensor),
    purpose: `a gradient check of ${count(maxPerTensor)} entries per tensor on ${plannedRows} rows (fewer --rows or a smaller --sample allow more)`,
  };
  const recording = openRecordingStore(options, 'gradcheck', output.stderr);
  let check: ReturnType<typeof checkPreparedGradients>;
  let gradcheckId: number | null = null;
  let name: string;
  let l2: number;
  try {
    const prepared = await prepareRunWithData(request, { parameterLimit });
    if (!prepared.ok) throw usageErrorFromSetup(prepared, { model: modelSubject(options) });
    ({ name } = prepared.run);
    l2 = prepared.run.config.l2;
    const { model, ...checkedSettings } = prepared.run.request;
    check = checkPreparedGradients(prepared.run, plannedRows, maxPerTensor);
    // A check is not a training run, so it is kept without one (run_id NULL): the design it checked and its settings say what it was.
    if (recording) gradcheckId = recording.store.saveGradcheck({ runId: null, design: model, settings: { ...checkedSettings, rows: plannedRows, sample: maxPerTensor }, result: gradientCheckResult(check) });
  } finally {
    recording?.store.close();
  }
  const { report, rows, sampled } = check;

  if (options.json) {
    output.stdout(`${JSON.stringify({ ...report, rows, seed: seeds.model, seeds, sampling: { maxPerTensor, sampled }, runId: null, gradcheckId })}\n`);
  } else {
    const lines = [
      `Gradient check on ${rows} rows of ${name} (float64, h = ${report.epsilon}${l2 > 0 ? `, L2 λ = ${l2}` : ''}):`,
      '',
      ...report.layers.map((layer) => `  ${layer.name.padEnd(16)} ${layer.relativeDifference.toExponential(2)}`),
      '',
      ...(sampled.length === 0
        ? []
        : [
            `Checked a random sample (seeded by --seed) of ${count(maxPerTensor)} entries in each tensor larger than that: ${sampled.map((s) => `${s.tensor} ${count(s.checked)} of ${count(s.size)}`).join(', ')}; every entry of the others.`,
            '',
          ]),
      `Overall relative difference ${report.relativeDifference.toExponential(2)}: ${report.verdict}.`,
      report.explanation,
      ...(report.worst ? [`Largest gap: ${report.worst.tensor}[${report.worst.index}] backprop ${report.worst.analytic.toExponential(4)} vs numeric ${report.worst.numeric.toExponential(4)}.`] : []),
      '',
    ];
    output.stdout(lines.join('\n'));
  }
  // 'inconclusive' fails too: a check that compared nothing but zeros has not shown backprop is right.
  return report.verdict === 'wrong' || report.verdict === 'inconclusive' ? exitCodes.failed : exitCodes.ok;
}

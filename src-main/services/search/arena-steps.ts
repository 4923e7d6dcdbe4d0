/**
 * How many optimizer steps one epoch of the arena's design takes on its data (⌈train rows / batch⌉
 * after the split), found by setting the run up exactly as a worker would. It refuses, with the
 * run's own sentence, a design that does not fit the data, before the arena records anything.
 */
import { CommandError, type RunSettings } from '@shared/api';
import { prepareRunWithData } from '../run-data';
import { checkedDesign } from '../training/design-check';

export async function stepsPerEpoch(design: Record<string, unknown>, settings: RunSettings): Promise<number> {
  const doc = checkedDesign(design, 'trained');
  const prepared = await prepareRunWithData({ ...settings, model: { kind: 'design', design: doc } });
  if (!prepared.ok) throw new CommandError('invalid_request', `The arena cannot start (${prepared.field}): ${prepared.message}`);
  const { run, config, trainer } = prepared.run;
  trainer.dispose();
  return Math.max(1, Math.round(run.totalSteps / config.epochs));
}

/** Epochs that hold `steps` steps (a run is then cut at exactly `steps` by its step limit), within training's own limit. */
export function epochsFor(steps: number, perEpoch: number): number {
  return Math.min(1_000_000, Math.max(1, Math.ceil(steps / perEpoch)));
}

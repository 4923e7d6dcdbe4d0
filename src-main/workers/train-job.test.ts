/**
 * The training job on a real MessageChannel (the worker's code without the thread): what it posts
 * at the end and when it is asked to start from weights that do not fit.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import { prepareRun } from '@shared/training/prepare-run';
import { reportsOfBatch } from '@shared/training/report-records';
import type { RunRequest } from '@shared/training/run-request';
import { driveTraining } from '@shared/training/train';
import { stepPointsOf } from '@shared/training/step-columns';
import { moonsStart } from '../services/training/service-fixtures';
import type { FromWorker, TrainJob } from './protocol';
import { runTrainJob } from './train-job';

/** Runs the job to its end and returns every message it posted, in order. */
async function postedBy(job: TrainJob): Promise<FromWorker[]> {
  const { port1, port2 } = new MessageChannel();
  const messages: FromWorker[] = [];
  port2.on('message', (message: FromWorker) => messages.push(message));
  await runTrainJob(job, port1);
  // Messages posted on a channel arrive on the next turns of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  port1.close();
  port2.close();
  return messages;
}

function jobOf(start: ReturnType<typeof moonsStart>, initialWeights: ModelDocument | null = null): TrainJob {
  const request = { ...start.settings, model: { kind: 'design', design: start.design } } as RunRequest;
  return { kind: 'train', request, loaded: null, flushEveryMs: 50, visualsEveryMs: 500, initialWeights, stepLimit: null, branch: null, holdEachEpoch: false, epochsOnly: false, hooks: {} };
}

describe('runTrainJob: reports', () => {
  it('posts, as records in its batches, exactly the reports the same run makes in-process, in order', async () => {
    const job = jobOf(moonsStart(12, { samples: 80 }));
    const messages = await postedBy(job);
    const posted = messages.flatMap((m) => (m.type === 'progress' && m.reports ? reportsOfBatch(m.reports) : []));
    // The reference: the run trained here, with the same seeds, its reports as the driver hands them out.
    const prepared = prepareRun(job.request, null, { run: {} });
    if (!prepared.ok) throw new Error(prepared.message);
    const made: TrainingProgress[] = [];
    await driveTraining(prepared.run.run, { onProgress: (report) => made.push(report) });
    prepared.run.trainer.dispose();
    expect(made.filter((r) => r.kind === 'epoch')).toHaveLength(12);
    expect(posted).toEqual(made);
  });
});

describe('runTrainJob: checkpoints and the model', () => {
  it('posts a checkpoint every ⌈12 / 10⌉ = 2 epochs and at the end, after the points they follow, then the model, then ended', async () => {
    const messages = await postedBy(jobOf(moonsStart(12, { samples: 80 })));
    const kinds = messages.map((m) => m.type).filter((type) => type !== 'progress');
    expect(kinds).toEqual(['started', ...Array<string>(6).fill('checkpoint'), 'model', 'ended']);
    const checkpoints = messages.filter((m) => m.type === 'checkpoint');
    expect(checkpoints.map((c) => [c.epoch, c.step])).toEqual([2, 4, 6, 8, 10, 12].map((epoch) => [epoch, epoch * 4]));
    // Each checkpoint follows the progress that carries its step.
    for (const checkpoint of checkpoints) {
      const before = messages.slice(0, messages.indexOf(checkpoint)).flatMap((m) => (m.type === 'progress' && m.steps ? stepPointsOf(m.steps) : []));
      expect(before.at(-1)?.step).toBe(checkpoint.step);
    }
    const model = messages.find((m) => m.type === 'model')!;
    expect(model.model.weights).toEqual(checkpoints.at(-1)!.checkpoint.model.weights);
  });

  it('refuses initial weights of another network before the first step', async () => {
    const source = await postedBy(jobOf(moonsStart(1, { samples: 80 })));
    const model = source.find((m) => m.type === 'model')!.model;
    const otherNetwork: ModelDocument = { ...model, spec: { ...model.spec, output: { ...model.spec.output, activation: 'softmax', loss: 'categorical-crossentropy' } } };
    const messages = await postedBy(jobOf(moonsStart(1, { samples: 80 }), otherNetwork));
    expect(messages).toEqual([{ type: 'setup-failed', message: expect.stringContaining('model: the kept model is a different network') }]);
  });

  it('starts from fitting initial weights: its first loss is the source model’s', async () => {
    const source = await postedBy(jobOf(moonsStart(1, { samples: 80 })));
    const model = source.find((m) => m.type === 'model')!.model;
    const again = await postedBy(jobOf(moonsStart(1, { samples: 80 }), model));
    const firstLoss = (messages: FromWorker[]) => messages.flatMap((m) => (m.type === 'progress' && m.steps ? stepPointsOf(m.steps) : []))[0]!.loss;
    // The same first batch (same seeds), seen by trained rather than initial weights.
    expect(firstLoss(again)).toBeLessThan(firstLoss(source)!);
  });
});

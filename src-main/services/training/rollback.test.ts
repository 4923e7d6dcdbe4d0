/**
 * Panda's rollback through the real service and workers: a branch starts from the checkpoint's
 * weights AND optimizer state with the schedule going on, takes the person's changes from its first
 * step, stops a run that still trains first, and refuses what it cannot do with a sentence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commands, type CommandError, type StepPoint } from '@shared/api';
import { importInitialWeights } from '@shared/training/initial-weights';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import { prepareRun } from '@shared/training/prepare-run';
import type { RunRequest } from '@shared/training/run-request';
import { courseNet, EventRecorder, moonsStart } from './service-fixtures';
import { MemoryRunStore } from './run-store';
import { TrainingService } from './training-service';
import { sourceWorkerEntry } from './worker-entry';

let services: TrainingService[] = [];

function serviceWith(recorder: EventRecorder, store = new MemoryRunStore()): TrainingService {
  const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), maxConcurrent: 2, store });
  services.push(service);
  return service;
}

afterEach(async () => {
  for (const service of services) await service.dispose();
  services = [];
});

const everything = Number.MAX_SAFE_INTEGER;

/**
 * Full-batch Adam with a decaying rate, 6 epochs of one step each, a checkpoint after every epoch.
 * One full batch an epoch makes the parent's step e + 1 and the branch's step 1 see the same rows
 * from the same weights: only the order the rows are summed in differs (each epoch shuffles), so
 * their losses agree to float rounding. With mini-batches the branch would draw epoch 1's batches,
 * not epoch e + 1's, and the comparison would not hold.
 */
const fullBatchStart = () =>
  commands['training:start'].request.parse({
    design: courseNet(),
    name: 'Course net',
    settings: {
      data: { kind: 'moons', samples: 200, noise: 0.1 },
      settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.05, schedule: { kind: 'inverse-time', decayRate: 0.5 }, batchSize: 'full', epochs: 6 },
      seeds: { data: 1, model: 2 },
      backend: 'ts',
    },
  });

async function trainedParent(service: TrainingService, recorder: EventRecorder) {
  const parent = await service.start(fullBatchStart());
  await recorder.state(parent.runId, 'completed');
  return { parent, steps: service.get({ runId: parent.runId, limit: everything }).steps };
}

function closeTo(actual: number | null, expected: number | null): void {
  expect(Math.abs(actual! - expected!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected!)));
}

describe('training:rollback', () => {
  it("a branch goes on exactly as its parent did after the checkpoint: same losses, same decaying rates (weights and Adam's state restored)", async () => {
    const recorder = new EventRecorder();
    const store = new MemoryRunStore();
    const service = serviceWith(recorder, store);
    const { parent, steps: parentSteps } = await trainedParent(service, recorder);
    expect(service.checkpoints({ runId: parent.runId }).checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);

    const branch = await service.rollback({ runId: parent.runId, epoch: 3 });
    expect(branch).toMatchObject({ continuedFrom: parent.runId, branchedAt: { epoch: 3, step: 3 }, epochs: 3, label: 'Course net on moons (branch from epoch 3)', interventions: [] });
    await recorder.state(branch.runId, 'completed');
    const branchSteps = service.get({ runId: branch.runId, limit: everything }).steps;
    expect(branchSteps).toHaveLength(3);

    // Step k of the branch is step 3 + k of the parent: the first from the checkpoint's weights (not the final ones) …
    closeTo(branchSteps[0]!.loss, parentSteps[3]!.loss);
    expect(Math.abs(branchSteps[0]!.loss! - parentSteps[5]!.loss!)).toBeGreaterThan(1e-3);
    // … and the next ones through Adam's restored moments and bias correction.
    for (let k = 1; k < 3; k += 1) closeTo(branchSteps[k]!.loss, parentSteps[3 + k]!.loss);
    // The inverse-time schedule goes on from epoch 3: 0.05 / (1 + 0.5 · e) for e = 3, 4, 5.
    expect(branchSteps.map((p) => p.learningRate)).toEqual(parentSteps.slice(3).map((p) => p.learningRate));

    // The control: the same weights with a fresh Adam do not retrace the parent — so the match above is the restored state's.
    const [, , checkpoint3] = store.checkpoints(parent.runId);
    const fresh = freshAdamLosses(checkpoint3!.doc as CheckpointDocument, 2);
    closeTo(fresh[0]!, parentSteps[3]!.loss);
    expect(Math.abs(fresh[1]! - parentSteps[4]!.loss!)).toBeGreaterThan(1e-3);
  });

  it('applies the changes from the first step: in its settings, its first intervention, and over the restored optimizer state', async () => {
    const recorder = new EventRecorder();
    const store = new MemoryRunStore();
    const service = serviceWith(recorder, store);
    const { parent } = await trainedParent(service, recorder);
    const branch = await service.rollback({ runId: parent.runId, epoch: 2, changes: { learningRate: 0.001, beta1: 0.5 } });
    expect(branch.settings.settings).toMatchObject({ learningRate: 0.001, optimizer: { kind: 'adam', beta1: 0.5 }, epochs: 4 });
    await recorder.state(branch.runId, 'completed');
    const history = service.get({ runId: branch.runId, limit: everything });
    expect(history.run.interventions).toEqual([{ step: 0, changes: { learningRate: 0.001, beta1: 0.5 } }]);
    // 0.001 at schedule epoch 2, then the decay goes on: 0.001 · (1 + 0.5 · 2) / (1 + 0.5 · e).
    const expected = [2, 3, 4, 5].map((e) => (0.001 * 2) / (1 + 0.5 * e));
    history.steps.forEach((p: StepPoint, i) => expect(p.learningRate).toBeCloseTo(expected[i]!, 15));
    // β1 = 0.5 survived the restore of the checkpoint's state (which had 0.9): the branch's own checkpoints say so.
    const last = store.checkpoints(branch.runId).at(-1)!.doc as CheckpointDocument;
    expect((last.optimizerState as { hyperparameters: { beta1: number } }).hyperparameters.beta1).toBe(0.5);
  });

  it("a branch of a run that was steered keeps its parent's changes until the checkpoint", async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    // 200 moons → 160 rows → 10 steps an epoch; checkpoints every 1,000 epochs, and at a stop.
    const parent = await service.start(moonsStart(10_000));
    await recorder.step(parent.runId, 5);
    service.pause({ runId: parent.runId });
    const steered = await service.adjust({ runId: parent.runId, changes: { l2: 0.01, learningRate: 0.02 } });
    service.resume({ runId: parent.runId });
    // Steps taken at the new rate after the change, so the checkpoint's own step has it.
    await recorder.step(parent.runId, steered.interventions[0]!.step + 5);
    service.pause({ runId: parent.runId });
    // Acknowledged after the worker flushed its points: the summary's epoch is the paused run's.
    await service.adjust({ runId: parent.runId, changes: { l2: 0.01 } });
    const pausedEpoch = service.get({ runId: parent.runId, limit: 1 }).run.epoch;

    // An epoch it has no checkpoint of and never will: refused, and the run left paused.
    // (Epoch 0: under load the pause may land in epoch 1 already, and epoch 1 is then still reachable.)
    const missed = await service.rollback({ runId: parent.runId, epoch: 0 }).catch((error: CommandError) => error);
    // (Which checkpoints it names depends on where the pause landed; the refusal and the untouched run do not.)
    expect(missed).toMatchObject({ code: 'not_found', message: expect.stringMatching(new RegExp(`^${parent.runId} has no checkpoint at epoch 0; .*was left as it is\\.$`)) as string });
    expect(service.get({ runId: parent.runId, limit: 1 }).run.state).toBe('paused');

    // Its current epoch: rollback stops it first and uses the checkpoint its stop kept.
    const next = await service.rollback({ runId: parent.runId, epoch: pausedEpoch });
    expect(service.get({ runId: parent.runId, limit: 1 }).run.state).toBe('stopped');
    // The stop's checkpoint last; before it only the scheduled ones (every 1,000 epochs), however far a fast machine got.
    const kept = service.checkpoints({ runId: parent.runId }).checkpoints.map((c) => c.epoch);
    expect(kept.at(-1)).toBe(pausedEpoch);
    expect(kept.slice(0, -1).every((epoch) => epoch % 1000 === 0)).toBe(true);
    expect(next.branchedAt?.epoch).toBe(pausedEpoch);
    expect(next.settings.settings).toMatchObject({ l2: 0.01, learningRate: 0.02 });
    expect(next.interventions).toEqual([]);
    await recorder.step(next.runId, 1);
    expect((await service.stop({ runId: next.runId })).interventions[0]).toEqual({ step: 0, changes: { learningRate: 0.02, l2: 0.01 } });
  });

  it('refuses an unknown run, a missing checkpoint (naming those there are) and changes that do not apply', async () => {
    const recorder = new EventRecorder();
    const service = serviceWith(recorder);
    const { parent } = await trainedParent(service, recorder);
    const refusal = (request: Parameters<TrainingService['rollback']>[0]) => service.rollback(request).then(() => null, (error: CommandError) => ({ code: error.code, message: error.message }));

    expect(await refusal({ runId: 'run-404', epoch: 1 })).toMatchObject({ code: 'not_found' });
    expect(await refusal({ runId: parent.runId, epoch: 7 })).toEqual({ code: 'not_found', message: `${parent.runId} has no checkpoint at epoch 7; it has checkpoints at epochs 1, 2, 3, 4, 5, 6.` });
    expect(await refusal({ runId: parent.runId, epoch: 2, changes: { beta: 0.8 } })).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('beta does not apply to the adam optimizer') as string });
    expect(await refusal({ runId: parent.runId, epoch: 2, changes: { keepProb: 0.5 } })).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('keepProb does not apply: this network has no dropout layer') as string });
    // Nothing was started by the refusals.
    expect(service.list().runs).toHaveLength(1);
  });

  it('refuses to roll back a queued run, and leaves it queued', async () => {
    const recorder = new EventRecorder();
    const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), maxConcurrent: 1 });
    services.push(service);
    const first = await service.start(moonsStart(100_000));
    const queued = await service.start(moonsStart(3));
    const refusal = await service.rollback({ runId: queued.runId, epoch: 0 }).catch((error: CommandError) => error);
    expect(refusal).toMatchObject({ code: 'not_found', message: `${queued.runId} has no checkpoints yet: it is queued and has not started. It was left in the queue.` });
    expect(service.get({ runId: queued.runId, limit: 1 }).run.state).toBe('queued');
    await service.stop({ runId: first.runId });
  });
});

/** The losses of `steps` full-batch steps from a checkpoint's weights with a fresh Adam (no restored state). */
function freshAdamLosses(checkpoint: CheckpointDocument, steps: number): number[] {
  const start = fullBatchStart();
  const request = { ...start.settings, settings: { ...start.settings.settings, epochs: 3 }, model: { kind: 'design', design: start.design } } as RunRequest;
  const losses: number[] = [];
  const prepared = prepareRun(request, null, { run: { scheduleStartEpoch: 3, onStep: (_step, _epoch, loss) => losses.push(loss!) } });
  if (!prepared.ok) throw new Error(prepared.message);
  importInitialWeights(prepared.run, checkpoint.model);
  for (let i = 0; i < steps; i += 1) prepared.run.run.step();
  prepared.run.trainer.dispose();
  return losses;
}

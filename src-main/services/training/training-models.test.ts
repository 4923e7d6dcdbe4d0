/**
 * Trained weights with real workers: a run hands over checkpoints every few epochs and its model
 * before its final state; "Continue" starts a new run from that model (its first loss is the
 * source's last, not a fresh network's), and refuses what cannot be continued.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, type CommandError, type RunSummary } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import { importInitialWeights } from '@shared/training/initial-weights';
import { evaluate } from '@shared/training/metrics';
import { prepareRun } from '@shared/training/prepare-run';
import type { RunRequestInput } from '@shared/training/run-request';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import { openRunStore } from '../history/open-run-store';
import { EventRecorder, moonsStart, regressionNet } from './service-fixtures';
import { MemoryRunStore, type RunStore } from './run-store';
import { TrainingService } from './training-service';
import { sourceWorkerEntry } from './worker-entry';

let services: TrainingService[] = [];
let folders: string[] = [];

afterEach(async () => {
  for (const service of services) await service.dispose();
  services = [];
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders = [];
});

/** A MemoryRunStore that also notes the order of model saves and final states (the real store underneath). */
class OrderNotingStore extends MemoryRunStore {
  readonly order: string[] = [];
  override saveModel(runId: string, doc: ModelDocument): void {
    this.order.push(`model ${runId}`);
    super.saveModel(runId, doc);
  }
  override saveSummary(summary: RunSummary): void {
    if (['completed', 'early-stopped', 'stopped', 'diverged', 'failed'].includes(summary.state)) this.order.push(`${summary.state} ${summary.runId}`);
    super.saveSummary(summary);
  }
}

function serviceWith(store: RunStore = new MemoryRunStore()) {
  const recorder = new EventRecorder();
  const service = new TrainingService({ emit: recorder.emit, worker: sourceWorkerEntry(), store });
  services.push(service);
  return { recorder, service, store };
}

async function trained(service: TrainingService, recorder: EventRecorder, start = moonsStart(3)): Promise<RunSummary> {
  const run = await service.start(start);
  await recorder.until((e) => e.event === 'training:state' && (e.payload as { run: RunSummary }).run.runId === run.runId && ['completed', 'early-stopped', 'stopped', 'diverged', 'failed'].includes((e.payload as { run: RunSummary }).run.state));
  return service.get({ runId: run.runId, limit: 1 }).run;
}

const everything = Number.MAX_SAFE_INTEGER;

describe('a run keeps its trained model and checkpoints', () => {
  it('saves the model (weights, normalization, metadata) before the final state, with a checkpoint every epoch of a 3-epoch run', async () => {
    const store = new OrderNotingStore();
    const { service, recorder } = serviceWith(store);
    const run = await trained(service, recorder, moonsStart(3));
    expect(run.state).toBe('completed');
    expect(store.order).toEqual([`model ${run.runId}`, `completed ${run.runId}`]);

    const model = store.model(run.runId) as ModelDocument;
    expect(model).toMatchObject({ format: 'deepwire-model', version: 1, normalization: { kind: 'zscore' }, metadata: { seed: 2, training: { epochs: 3, status: 'completed', dataset: 'moons', optimizer: { kind: 'adam' } } } });
    // ⌈3 / 10⌉ = 1: every epoch, the last one included once.
    const checkpoints = store.checkpoints(run.runId);
    expect(checkpoints.map((c) => [c.epoch, c.step])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    const last = checkpoints.at(-1)!.doc as CheckpointDocument;
    // The last checkpoint holds the final weights and Adam's state after 30 steps.
    expect(last.model.weights).toEqual(model.weights);
    expect(last.optimizerState).toMatchObject({ kind: 'adam' });

    // Loaded into the same run set up afresh, the kept weights measure the run's final training loss.
    const start = moonsStart(3);
    const fresh = prepareRun({ ...start.settings, model: { kind: 'design', design: start.design } } as RunRequestInput, null);
    if (!fresh.ok) throw new Error(fresh.message);
    expect(evaluate(fresh.run.trainer, fresh.run.spec, fresh.run.train).loss).not.toBeCloseTo(run.train!.loss!, 3);
    importInitialWeights(fresh.run, model);
    expect(evaluate(fresh.run.trainer, fresh.run.spec, fresh.run.train).loss).toBeCloseTo(run.train!.loss!, 5);
    fresh.run.trainer.dispose();
  });

  it('takes at most about ten checkpoints: every ⌈25 / 10⌉ = 3 epochs and at the end', async () => {
    const store = new MemoryRunStore();
    const { service, recorder } = serviceWith(store);
    // 80 moons → 64 training rows → 4 steps an epoch.
    const run = await trained(service, recorder, moonsStart(25, { samples: 80 }));
    expect(run.state).toBe('completed');
    expect(store.checkpoints(run.runId).map((c) => [c.epoch, c.step])).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 25].map((epoch) => [epoch, epoch * 4]));
  });

  it('a diverged run keeps no model and no last checkpoint (its weights are not finite)', async () => {
    const store = new OrderNotingStore();
    const { service, recorder } = serviceWith(store);
    const rows = Array.from({ length: 64 }, (_, i) => `${Math.sin(i)},${Math.cos(3 * i)},${Math.round(1000 * Math.sin(7 * i))}`);
    const start = commands['training:start'].request.parse({
      design: regressionNet(),
      settings: {
        data: { kind: 'csv-text', name: 'big-targets.csv', text: ['a,b,y', ...rows].join('\n') },
        split: { train: 1, dev: 0, test: 0 },
        settings: { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 5, batchSize: 16, epochs: 50 },
        seeds: { data: 1, model: 1 },
        backend: 'ts',
      },
    });
    const run = await trained(service, recorder, start);
    expect(run.state).toBe('diverged');
    expect(store.model(run.runId)).toBeNull();
    expect(store.order).toEqual([`diverged ${run.runId}`]);
    // It diverges within its first epoch, before the first checkpoint (every 5 epochs of 50) was due.
    expect(run.epoch).toBe(1);
    expect(store.checkpoints(run.runId)).toEqual([]);
    await expect(service.continueRun({ runId: run.runId })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('it diverged') });
  });
});

describe('continueRun: training further from a kept model', () => {
  it('starts a linked run from the final weights: its first loss is the source’s last, well below a fresh start', async () => {
    const { service, recorder, store } = serviceWith();
    const source = await trained(service, recorder, moonsStart(10));
    expect(source.state).toBe('completed');
    const fresh = await trained(service, recorder, moonsStart(10));

    const continued = await service.continueRun({ runId: source.runId, epochs: 4 });
    expect(continued).toMatchObject({ continuedFrom: source.runId, label: 'Course net on moons (continued)', epochs: 4, totalSteps: 40 });
    expect(continued.settings).toEqual({ ...source.settings, settings: { ...source.settings.settings, epochs: 4 } });
    await recorder.state(continued.runId, 'completed');
    expect(store.design(continued.runId)).toEqual(store.design(source.runId));

    const sourceSteps = service.get({ runId: source.runId, limit: everything }).steps;
    const continuedSteps = service.get({ runId: continued.runId, limit: everything }).steps;
    const freshFirst = service.get({ runId: fresh.runId, limit: 1 }).steps[0]!.loss!;
    // The same batches (same seeds) seen by the same weights: the last epoch's mean loss, within mini-batch noise.
    const lastEpochMean = mean(sourceSteps.slice(-10).map((p) => p.loss!));
    const first = continuedSteps[0]!.loss!;
    expect(Math.abs(first - lastEpochMean)).toBeLessThan(0.25 * lastEpochMean);
    expect(first).toBeLessThan(0.75 * freshFirst);
    // Its first epoch sees the batches of the source's first epoch (same seeds), at a far lower loss.
    expect(mean(continuedSteps.slice(0, 10).map((p) => p.loss!))).toBeLessThan(0.75 * mean(sourceSteps.slice(0, 10).map((p) => p.loss!)));
    // Continuing the continuation keeps one suffix; the default length is the source's planned epochs.
    const again = await service.continueRun({ runId: continued.runId });
    expect(again).toMatchObject({ continuedFrom: continued.runId, label: 'Course net on moons (continued)', epochs: 4 });
    await recorder.state(again.runId, 'completed');
  });

  it('refuses a kept model of a different network, a run that has not ended, one without a design or a model, and an unknown run', async () => {
    const { service, recorder, store } = serviceWith();
    const source = await trained(service, recorder, moonsStart(2));
    // The model of a narrower network (hidden layers 4 instead of the course net's) under the source's id.
    const narrow = commands['training:start'].request.parse({ ...moonsStart(1), design: narrowerCourseNet() });
    const other = await trained(service, recorder, narrow);
    store.saveModel(source.runId, store.model(other.runId) as ModelDocument);
    await expect(service.continueRun({ runId: source.runId })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('is a different network') });

    const running = await service.start(moonsStart(200));
    await expect(service.continueRun({ runId: running.runId })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/cannot be continued while it is (running|queued)/) });
    await service.stop({ runId: running.runId });

    // A run recorded without a design (the command line's --layers) and one without a model.
    const bare = new MemoryRunStore();
    const { service: other2 } = serviceWith(bare);
    bare.saveSummary({ ...source, runId: 'run-1' });
    await expect(other2.continueRun({ runId: 'run-1' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('recorded no design') });
    bare.saveDesign('run-1', 'Course net', moonsStart(1).design);
    bare.saveSummary({ ...source, runId: 'run-1', state: 'interrupted' });
    await expect(other2.continueRun({ runId: 'run-1' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('interrupted before its weights were kept') });
    const unknown = await other2.continueRun({ runId: 'run-99' }).catch((error: CommandError) => error);
    expect(unknown).toMatchObject({ code: 'not_found' });
  });

  it('continues a run of an earlier launch from the experiment database', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'deepwire-continue-'));
    folders.push(folder);
    const file = join(folder, 'deepwire.db');
    const first = openRunStore(file);
    if (!first.ok) throw new Error(first.message);
    const { service, recorder } = serviceWith(first.store);
    const source = await trained(service, recorder, moonsStart(2));
    await service.dispose();

    const reopened = openRunStore(file);
    if (!reopened.ok) throw new Error(reopened.message);
    expect(reopened.store.checkpoints(source.runId).map((c) => c.epoch)).toEqual([1, 2]);
    const later = serviceWith(reopened.store);
    const continued = await later.service.continueRun({ runId: source.runId, epochs: 1 });
    expect(continued.continuedFrom).toBe(source.runId);
    await later.recorder.state(continued.runId, 'completed');
    expect(reopened.store.model(continued.runId)).toMatchObject({ format: 'deepwire-model' });
  });
});

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The course net with 4-unit hidden layers: a different network on the same data. */
function narrowerCourseNet(): Record<string, unknown> {
  const design = structuredClone(moonsStart(1).design) as { nodes: { kind: string; params: Record<string, unknown> }[] };
  for (const node of design.nodes) if (node.kind === 'dense' && node.params.units !== 1) node.params.units = 4;
  return design as unknown as Record<string, unknown>;
}

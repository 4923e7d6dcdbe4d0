/**
 * A trial's reports on the queue (queue schema 3): real reports of a real run (epoch and step
 * reports, with and without a dev set, a diverged one) come back exactly through JSON, as Redis
 * carries them; damaged records are refused, saying which report and what is wrong.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '@shared/api';
import { prepareRun } from '@shared/training/prepare-run';
import { reportRecordFixedFields, reportRecordWidth } from '@shared/training/report-records';
import type { RunRequestInput } from '@shared/training/run-request';
import { driveTraining } from '@shared/training/train';
import { float64Blob, float64sOf } from '../services/history/float64-blob';
import { encodeWireReports, ReceivedEpochs, ReceivedReports, WireReports } from './report-wire';

async function reportsOf(overrides: Partial<RunRequestInput> = {}): Promise<TrainingProgress[]> {
  const request: RunRequestInput = {
    data: { kind: 'moons', samples: 200 },
    model: { kind: 'layers', layers: [2, 8, 8, 1] },
    settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 6 },
    seeds: { data: 1, model: 1 },
    backend: 'ts',
    ...overrides,
  };
  const prepared = prepareRun(request, null, { run: { reportEverySteps: 4 } });
  if (!prepared.ok) throw new Error(prepared.message);
  const reports: TrainingProgress[] = [];
  await driveTraining(prepared.run.run, { onProgress: (report) => void reports.push(report) });
  prepared.run.trainer.dispose();
  return reports;
}

/** What the coordinator does with what a worker sent: JSON through Redis, checked, decoded. */
const received = (wire: WireReports) => ReceivedReports.safeParse(JSON.parse(JSON.stringify(wire)));

/** The wire form with one value of report `index` (0-based) replaced. */
function damaged(wire: WireReports, index: number, field: number, value: number): WireReports {
  const values = float64sOf(Buffer.from(wire.records, 'base64'));
  values[index * (1 + reportRecordWidth(wire.tensors.length)) + field] = value;
  return { ...wire, records: float64Blob(values).toString('base64') };
}

describe('reports on the queue', () => {
  it('come back exactly, epoch and step reports alike, in a fraction of their JSON', async () => {
    const reports = await reportsOf();
    expect(reports.some((r) => r.kind === 'step') && reports.some((r) => r.kind === 'epoch')).toBe(true);
    const wire = encodeWireReports(reports);
    expect(wire.count).toBe(reports.length);
    expect(received(wire)).toEqual({ success: true, data: reports });
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(reports).length / 2);
  });

  it('keep a report without a dev set apart from one whose values are not finite; none is none', async () => {
    const noDev = await reportsOf({ split: { train: 1, dev: 0, test: 0 } });
    expect(noDev.every((r) => r.dev === null)).toBe(true);
    expect(received(encodeWireReports(noDev)).data).toEqual(noDev);
    const [first] = await reportsOf();
    const diverged = { ...first!, loss: null, smoothedLoss: null, train: { loss: null, accuracy: 0.5 }, dev: { loss: null, accuracy: null }, norms: first!.norms.map((n) => ({ ...n, gradNorm: null })) };
    expect(received(encodeWireReports([diverged])).data).toEqual([diverged]);
    expect(encodeWireReports([])).toEqual({ count: 0, tensors: [], records: '' });
    expect(received(encodeWireReports([])).data).toEqual([]);
  });

  it('refuse records that are not base64, not as many as said, of no known kind, or whose values break the contract', async () => {
    const reports = await reportsOf({ settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 2 } });
    const wire = encodeWireReports(reports);
    const message = (result: ReturnType<typeof received>) => result.error?.issues[0]?.message;
    expect(received({ ...wire, records: `${wire.records.slice(0, 40)}%%%${wire.records.slice(43)}` }).success).toBe(false);
    const width = 1 + reportRecordWidth(wire.tensors.length);
    expect(message(received({ ...wire, count: wire.count + 1 }))).toBe(`${wire.count * width * 8} bytes of records do not hold ${wire.count + 1} reports of ${wire.tensors.length} tensors (${(wire.count + 1) * width * 8} bytes)`);
    expect(message(received({ ...wire, tensors: wire.tensors.slice(1) }))).toMatch(/^\d+ bytes of records do not hold/);
    expect(message(received(damaged(wire, 1, 0, 7)))).toBe(`report 2 of ${wire.count} is of no known kind (7)`);
    // The record starts after its kind: its train accuracy is field 1 + 7.
    expect(message(received(damaged(wire, 2, 1 + 7, 1.25)))).toBe(`report 3 of ${wire.count} is damaged: its train accuracy is 1.25, outside 0–1`);
    expect(message(received(damaged(wire, 0, 1 + reportRecordFixedFields, -2)))).toBe(`report 1 of ${wire.count} is damaged: its gradient norm of tensor 1 is negative`);
    expect(received(damaged(wire, 0, 1 + 3, Number.NaN)).success).toBe(true);
  });

  it('read as a progress message: the epoch reports’ metrics only, checked as wholly', async () => {
    const reports = await reportsOf();
    const wire = JSON.parse(JSON.stringify(encodeWireReports(reports))) as WireReports;
    const epochs = reports.filter((r) => r.kind === 'epoch');
    expect(epochs.length).toBeGreaterThan(1);
    expect(ReceivedEpochs.parse(wire)).toEqual(epochs.map(({ epoch, step, train, dev }) => ({ epoch, step, train, dev })));
    const noDev = await reportsOf({ split: { train: 1, dev: 0, test: 0 } });
    expect(ReceivedEpochs.parse(encodeWireReports(noDev)).every((e) => e.dev === null)).toBe(true);
    // A step report's damaged norm refuses the message though no epoch is read from it.
    const step = reports.findIndex((r) => r.kind === 'step');
    expect(ReceivedEpochs.safeParse(damaged(wire, step, 1 + reportRecordFixedFields, -1)).error?.issues[0]?.message).toBe(`report ${step + 1} of ${wire.count} is damaged: its gradient norm of tensor 1 is negative`);
  });

  it('will not mix reports of different tensors', async () => {
    const reports = await reportsOf();
    const other = { ...reports[1]!, norms: reports[1]!.norms.slice(1) };
    expect(() => encodeWireReports([reports[0]!, other])).toThrow(/norms of other tensors/);
  });
});

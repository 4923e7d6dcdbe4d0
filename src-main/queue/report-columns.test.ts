/**
 * A trial result's reports as columns (queue schema 2): real reports of a real run (epoch and step
 * reports, with and without a dev set) come back exactly; damaged columns are refused by name.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '@shared/api';
import { prepareRun } from '@shared/training/prepare-run';
import type { RunRequestInput } from '@shared/training/run-request';
import { driveTraining } from '@shared/training/train';
import { decodeReports, encodeReports, ReportColumns } from './report-columns';

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

describe('report columns', () => {
  it('give back exactly the reports of a run, epoch and step reports alike, and take less than half the JSON', async () => {
    const reports = await reportsOf();
    expect(reports.some((r) => r.kind === 'step') && reports.some((r) => r.kind === 'epoch')).toBe(true);
    const columns = encodeReports(reports);
    // What the coordinator does: JSON from Redis, checked, decoded.
    const checked = ReportColumns.parse(JSON.parse(JSON.stringify(columns)));
    expect(decodeReports(checked)).toEqual(reports);
    expect(JSON.stringify(columns).length).toBeLessThan(JSON.stringify(reports).length / 2);
  });

  it('keep a report without a dev set apart from one whose dev metrics are not finite', async () => {
    const noDev = await reportsOf({ split: { train: 1, dev: 0, test: 0 } });
    expect(noDev.every((r) => r.dev === null)).toBe(true);
    expect(decodeReports(ReportColumns.parse(encodeReports(noDev)))).toEqual(noDev);
    const [first] = await reportsOf();
    const diverged = { ...first!, loss: null, dev: { loss: null, accuracy: null }, norms: first!.norms.map((n) => ({ ...n, gradNorm: null })) };
    expect(decodeReports(ReportColumns.parse(encodeReports([diverged])))).toEqual([diverged]);
    expect(decodeReports(ReportColumns.parse(encodeReports([])))).toEqual([]);
  });

  it('refuse columns of different lengths, norms of another count, and reports of different tensors', async () => {
    const reports = await reportsOf();
    const columns = encodeReports(reports);
    const short = ReportColumns.safeParse({ ...columns, devLoss: columns.devLoss.slice(1) });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]).toMatchObject({ path: ['devLoss'], message: `has ${reports.length - 1} values for ${reports.length} reports` });
    const norms = ReportColumns.safeParse({ ...columns, gradNorm: [columns.gradNorm[0]!.slice(1), ...columns.gradNorm.slice(1)] });
    expect(norms.error?.issues[0]).toMatchObject({ path: ['gradNorm', 0] });
    const other = { ...reports[1]!, norms: reports[1]!.norms.slice(1) };
    expect(() => encodeReports([reports[0]!, other])).toThrow(/norms of other tensors/);
  });
});

/**
 * history:exportModel through the real dispatcher, training service, worker and database: a
 * trained run's model comes back as the format's files, named after the run's design, base64;
 * a run not in history is refused with the model source's message. What the files hold is the
 * exporters' (tested against ONNX Runtime and torch on their own); here, the names and that the
 * script's sidecar is the run's model document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type RunSummary } from '@shared/api';
import { parseModelDocument } from '@shared/engine/model-document';
import { exportFormatInfo, exportFormats, exportStem } from '@shared/export/formats';
import { createHandlers } from '../handlers';
import { EventRecorder, moonsStart } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { openRunStore } from './open-run-store';
import { tempFolder } from './test-files';

const folder = tempFolder();
let service: TrainingService | null = null;
let call: (command: string, payload: unknown) => Promise<unknown>;
let runId = '';

beforeAll(async () => {
  const opened = openRunStore(folder.file('export.db'));
  if (!opened.ok) throw new Error(opened.message);
  const recorder = new EventRecorder();
  const dispatch = createDispatcher(createHandlers({ host: 'web', dataDir: '/x', version: '0', emit: recorder.emit, training: (emit) => (service = new TrainingService({ emit, store: opened.store, worker: sourceWorkerEntry() })), history: { db: opened.db, store: opened.store } }));
  call = (command, payload) => dispatch(command, payload, { host: 'test' });
  const started = (await call('training:start', moonsStart(2))) as { ok: true; value: RunSummary };
  runId = started.value.runId;
  await recorder.state(runId, 'completed');
}, 60_000);

afterAll(async () => {
  await service?.dispose();
  folder.remove();
});

describe('history:exportModel', () => {
  it.each(exportFormats)('%s: the files are named after the design, the main file first', async (format) => {
    const answer = (await call('history:exportModel', { runId, format })) as { ok: boolean; value?: { files: { fileName: string; mediaType: string; base64: string }[] }; error?: { message: string } };
    expect(answer.error?.message).toBeUndefined();
    const files = answer.value!.files;
    const stem = exportStem('Course net');
    expect(files[0]).toMatchObject({ fileName: `${stem}${exportFormatInfo[format].extension}`, mediaType: exportFormatInfo[format].mediaType });
    expect(Buffer.from(files[0]!.base64, 'base64').length).toBeGreaterThan(0);
    if (exportFormatInfo[format].sidecar) {
      expect(files.map((file) => file.fileName)).toEqual([`${stem}.py`, `${stem}.model.json`]);
      const sidecar = parseModelDocument(Buffer.from(files[1]!.base64, 'base64').toString('utf8'));
      expect(sidecar.ok && sidecar.document.spec.inputSize).toBe(2);
    } else {
      expect(files).toHaveLength(1);
    }
  });

  it('refuses a run that is not in history, saying where the runs are listed', async () => {
    const answer = await call('history:exportModel', { runId: 'run-999', format: 'onnx' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/There is no run run-999 in the history/) as unknown } });
  });

  it('refuses a format it does not know', async () => {
    expect(await call('history:exportModel', { runId, format: 'tflite' })).toMatchObject({ ok: false });
  });
});

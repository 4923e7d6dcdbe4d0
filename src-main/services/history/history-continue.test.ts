/** history:continue through the real dispatcher, training service, worker and database. */
import { expect, it } from 'vitest';
import { createDispatcher, type RunSummary } from '@shared/api';
import { createHandlers } from '../handlers';
import { EventRecorder, moonsStart } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { openRunStore } from './open-run-store';
import { tempFolder } from './test-files';

it('history:continue trains further from the kept model as a new run linked both ways', async () => {
  const folder = tempFolder();
  const opened = openRunStore(folder.file('c.db'));
  if (!opened.ok) throw new Error(opened.message);
  const recorder = new EventRecorder();
  let service: TrainingService | null = null;
  const dispatch = createDispatcher(createHandlers({ host: 'web', dataDir: '/x', version: '0', emit: recorder.emit, training: (emit) => (service = new TrainingService({ emit, store: opened.store, worker: sourceWorkerEntry() })), history: { db: opened.db, store: opened.store } }));
  const call = (c: string, p: unknown) => dispatch(c, p, { host: 'test' });
  const started = (await call('training:start', moonsStart(2))) as { ok: true; value: RunSummary };
  await recorder.state(started.value.runId, 'completed');
  const continued = await call('history:continue', { runId: started.value.runId, epochs: 1 });
  expect(continued).toMatchObject({ ok: true, value: { continuedFrom: started.value.runId } });
  const newId = (continued as { ok: true; value: RunSummary }).value.runId;
  await recorder.state(newId, 'completed');
  const got = await call('history:get', { runId: started.value.runId });
  expect(got).toMatchObject({ ok: true, value: { continuations: [newId], hasModel: true } });
  const row = await call('history:get', { runId: newId });
  expect(row).toMatchObject({ ok: true, value: { row: { continuedFrom: started.value.runId } } });
  await service!.dispose();
  folder.remove();
}, 60_000);

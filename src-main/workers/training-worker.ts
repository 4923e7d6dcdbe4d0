/**
 * Entry of a training worker thread (built to out/main/training-worker.js): runs the job it was
 * started with and ends. It imports src-shared/training only, never the store. An exception
 * escapes on purpose: the service sees the worker's 'error' and marks the run failed.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runGradcheckJob } from './gradcheck-job';
import type { WorkerJob } from './protocol';
import { runTrainJob } from './train-job';

const port = parentPort;
if (!port) throw new Error('training-worker.ts runs as a worker thread started by the training service.');
// Started with its job, or as the service's warm spare: loaded and idle until the job is posted.
const job = (workerData as WorkerJob | null) ?? (await nextJob(port));

switch (job.kind) {
  case 'train':
    await runTrainJob(job, port);
    break;
  case 'gradcheck':
    runGradcheckJob(job, port);
    break;
}
// Nothing more to receive: let the thread end once its last messages are out.
port.unref();

/** As the spare: says it is loaded, then waits for its job. */
function nextJob(from: MessagePort): Promise<WorkerJob> {
  const waiting = new Promise<WorkerJob>((resolve) => from.once('message', (message: { type: 'job'; job: WorkerJob }) => resolve(message.job)));
  from.postMessage({ type: 'idle' });
  return waiting;
}

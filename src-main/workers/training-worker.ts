/**
 * Entry of a training worker thread (built to out/main/training-worker.js): runs the job it was
 * started with and ends. It imports src-shared/training only, never the store. An exception
 * escapes on purpose: the service sees the worker's 'error' and marks the run failed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runGradcheckJob } from './gradcheck-job';
import type { WorkerJob } from './protocol';
import { runTrainJob } from './train-job';

const port = parentPort;
if (!port) throw new Error('training-worker.ts runs as a worker thread started by the training service.');
const job = workerData as WorkerJob;

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

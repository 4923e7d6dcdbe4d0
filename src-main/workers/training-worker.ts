/**
 * Entry of a training worker thread (built to out/main/training-worker.js): runs the job it was
 * started with, then each job posted to it, until the service ends it. It imports src-shared/training only, never the store. An exception
 * escapes on purpose: the service sees the worker's 'error' and marks the run failed.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { installNativeKernels } from '../native/install';
import { runGradcheckJob } from './gradcheck-job';
import type { FromWorker, WorkerJob } from './protocol';
import { runTrainJob } from './train-job';

const port = parentPort;
if (!port) throw new Error('training-worker.ts runs as a worker thread started by the training service.');
// Each thread loads the addon for itself (a Node-API module is loaded per thread).
installNativeKernels();
// Started with its job, or as an idle thread of the service's pool: loaded and waiting for a job.
let job = (workerData as WorkerJob | null) ?? (await nextJob(port, 'load'));
for (;;) {
  switch (job.kind) {
    case 'train':
      await runTrainJob(job, port);
      break;
    case 'gradcheck':
      runGradcheckJob(job, port);
      break;
  }
  // Kept loaded for the next job (the service's pool), or ended by the service.
  job = await nextJob(port, 'job');
}

/**
 * Says it is idle (loaded, or done with its job), then waits for the next job; anything else that
 * arrives meanwhile (a stop sent just as its last run ended) is for a run that is over.
 */
function nextJob(from: MessagePort, after: 'load' | 'job'): Promise<WorkerJob> {
  const waiting = new Promise<WorkerJob>((resolve) => {
    const onMessage = (message: { type: string; job?: WorkerJob }) => {
      if (message.type !== 'job' || !message.job) return;
      from.off('message', onMessage);
      resolve(message.job);
    };
    from.on('message', onMessage);
  });
  from.postMessage({ type: 'idle', after } satisfies FromWorker);
  return waiting;
}

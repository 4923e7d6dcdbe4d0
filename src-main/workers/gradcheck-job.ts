/** The gradient check of a design on its data, in a worker (it can take seconds). */
import type { MessagePort } from 'node:worker_threads';
import { checkPreparedGradients, gradientCheckResult } from '@shared/training/gradient-check';
import { prepareRun } from '@shared/training/prepare-run';
import type { FromWorker, GradcheckJob } from './protocol';

export function runGradcheckJob(job: GradcheckJob, port: MessagePort): void {
  const post = (message: FromWorker) => port.postMessage(message);
  const setup = prepareRun(job.request, job.loaded, { parameterLimit: job.parameterLimit });
  if (!setup.ok) {
    post({ type: 'setup-failed', message: `${setup.field}: ${setup.message}` });
    return;
  }
  post({ type: 'gradcheck', result: gradientCheckResult(checkPreparedGradients(setup.run, job.rows, job.maxPerTensor)) });
}

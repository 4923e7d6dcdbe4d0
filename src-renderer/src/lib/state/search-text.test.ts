import { describe, expect, it } from 'vitest';
import type { QueueWorker } from '@shared/api';
import { describeWorkers, missingCurveText, queueStateLabels, queueStateTone, workerCommand, workerLabel } from './search-text';

const worker = (busy: number, concurrency: number, trialsDone: number): QueueWorker => ({
  name: `lab/${busy}${concurrency}${trialsDone}`,
  host: 'lab',
  pid: 1,
  concurrency,
  busy,
  trialsDone,
  backend: 'wasm',
  lastSeen: '2025-06-01T00:00:00.000Z',
});

describe('how the Search view words a queue', () => {
  it('sums the workers: how many, busy of their slots, trials done', () => {
    expect(describeWorkers([])).toBe('no worker has joined yet');
    expect(describeWorkers([worker(1, 2, 3)])).toBe('1 worker · 1 of 2 busy · 3 trials done');
    expect(describeWorkers([worker(1, 2, 3), worker(3, 4, 12)])).toBe('2 workers · 4 of 6 busy · 15 trials done');
  });

  it('tells the queue states apart by tone', () => {
    expect(queueStateTone('connected')).toBe('good');
    expect(queueStateTone('connecting')).toBe('live');
    expect(queueStateTone('unreachable')).toBe('bad');
    expect(queueStateLabels.unreachable).toBe('Unreachable');
  });

  it('names who trains a trial, and the command that joins a worker', () => {
    expect(workerLabel('local')).toBe('local');
    expect(workerLabel('lab-1/1717')).toBe('lab-1/1717');
    expect(workerLabel(null)).toBe('—');
    expect(workerCommand('redis://u:***@lab-1:6379')).toBe('deepwire worker --queue redis://u:***@lab-1:6379');
  });
});

describe('a trial card without a curve', () => {
  it('says why: no worker yet, never started, a queue trial whose curve comes with its result, or a local one before its first step', () => {
    expect(missingCurveText({ status: 'pending', worker: null, runId: null })).toBe('waiting for a worker');
    expect(missingCurveText({ status: 'stopped', worker: null, runId: null })).toBe('never started');
    expect(missingCurveText({ status: 'running', worker: 'lab-1/4242', runId: 'run-7' })).toBe('curve when it ends');
    expect(missingCurveText({ status: 'running', worker: 'local', runId: 'run-7' })).toBe('no steps yet');
    expect(missingCurveText({ status: 'running', worker: null, runId: null })).toBe('no steps yet');
    // Ended, a queue trial's curve is fetched from its run: until it arrives there is nothing to promise.
    expect(missingCurveText({ status: 'completed', worker: 'lab-1/4242', runId: 'run-7' })).toBe('no steps yet');
  });
});


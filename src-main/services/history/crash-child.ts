/**
 * The crash test's child process (run with `node --import tsx crash-child.ts DB FLUSH_MS`): it opens
 * the experiment database, trains one long run with the real TrainingService and SqliteRunStore,
 * and prints `committed <runId> <epoch> <lastStep>` once each epoch's report is committed to the
 * file, until it is killed.
 */
import { moonsStart } from '../training/service-fixtures';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { openDatabase } from './database';
import { SqliteRunStore } from './sqlite-run-store';

const [file, flushMs] = process.argv.slice(2);
const opened = openDatabase(file!);
if (!opened.ok) {
  console.error(opened.message);
  process.exit(1);
}
const store = new SqliteRunStore(opened.db, { flushIntervalMs: Number(flushMs) });
let lastStep = 0;
store.onFlushed((report) => {
  for (const run of report.runs) {
    lastStep = run.lastStep ?? lastStep;
    for (const epoch of run.epochs) console.log(`committed ${run.runId} ${epoch} ${lastStep}`);
  }
});
const service = new TrainingService({ emit: () => {}, store, worker: sourceWorkerEntry(), maxConcurrent: 1 });
const run = await service.start(moonsStart(100_000));
console.log(`started ${run.runId}`);

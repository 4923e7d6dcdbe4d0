/**
 * The search crash test's child process (`node --import tsx search-crash-child.ts DB`): it opens the
 * experiment database, runs a 5-trial search on moons with the real training service (one trial at
 * a time), and prints `search <id>`, `epoch <trial> <epoch>` and `ended <trial> <status>` as the
 * search's progress says, until it is killed.
 */
import { openDatabase } from '../history/database';
import { SqliteRunStore } from '../history/sqlite-run-store';
import { TrainingService } from '../training/training-service';
import { sourceWorkerEntry } from '../training/worker-entry';
import { LocalTrialExecutor } from './local-executor';
import { crashSearch } from './search-fixtures';
import { SearchService } from './search-service';
import { isFinished } from './search-summary';

const [file] = process.argv.slice(2);
const opened = openDatabase(file!);
if (!opened.ok) {
  console.error(opened.message);
  process.exit(1);
}
const store = new SqliteRunStore(opened.db, { flushIntervalMs: 200 });
const training = new TrainingService({ emit: () => {}, store, worker: sourceWorkerEntry(), maxConcurrent: 1 });
const search = new SearchService({ db: opened.db, executor: new LocalTrialExecutor(training), emit: () => {}, progressIntervalMs: 20 });
const told = new Set<string>();
search.onProgress(({ trials }) => {
  for (const trial of trials) {
    const line = isFinished(trial) ? `ended ${trial.index} ${trial.status}` : trial.epochs > 0 ? `epoch ${trial.index} ${trial.epochs}` : null;
    if (line && !told.has(line)) {
      told.add(line);
      console.log(line);
    }
  }
});
const started = await search.start(crashSearch());
console.log(`search ${started.searchId}`);

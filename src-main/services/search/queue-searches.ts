/**
 * What a coordinator needs to run searches on Redis queues: its database's coordinator id (made
 * once by the v4 migration, so queue names are unique per database), the run store its queue
 * trials are recorded in, one QueueTrialExecutor per search, and search:queueStatus's probe.
 */
import type { QueueStatus } from '@shared/api';
import type { SqliteDatabase } from '../history/database';
import type { RunStore } from '../training/run-store';
import { QueueTrialExecutor } from './queue-executor';
import { probeQueue } from './queue-status';
import { RemoteRuns } from './remote-runs';

export interface QueueSearchesOptions {
  db: SqliteDatabase;
  /** The coordinator's run store (the training service's): queue trials are runs in it like local ones. */
  runs: RunStore;
  log?: (line: string) => void;
  /** Between two looks at a search's unfinished jobs and workers (default 1000 ms). */
  pollMs?: number;
}

export class QueueSearches {
  private readonly runs: RemoteRuns;
  readonly coordinatorId: string;

  constructor(private readonly options: QueueSearchesOptions) {
    this.runs = new RemoteRuns(options.db, options.runs);
    this.coordinatorId = options.db.prepare('SELECT coordinator_id FROM coordinator WHERE id = 1').pluck().get() as string;
  }

  executorFor(searchId: string, url: string, capacity: number, onStatus: (status: QueueStatus) => void): QueueTrialExecutor {
    return new QueueTrialExecutor({
      url,
      coordinatorId: this.coordinatorId,
      searchId,
      capacity,
      runs: this.runs,
      onStatus,
      ...(this.options.log && { log: this.options.log }),
      ...(this.options.pollMs !== undefined && { pollMs: this.options.pollMs }),
    });
  }

  probe(url: string): Promise<QueueStatus> {
    return probeQueue(url);
  }
}

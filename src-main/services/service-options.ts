import type { EmitEvent, HostKind } from '@shared/api';
import type { HistoryDatabase } from './history/history-service';
import type { SearchService } from './search/search-service';
import type { TrainingService } from './training/training-service';

/** What every domain's handler factory is given by the host that starts the services. */
export interface ServiceOptions {
  host: HostKind;
  dataDir: string;
  version: string;
  emit: EmitEvent;
  /**
   * Starts the training service with the host's emit; the entry that passes it keeps the service
   * to dispose() on shutdown. Without it, the training commands answer 'unavailable'.
   */
  training?: (emit: EmitEvent) => TrainingService;
  /** The experiment database the host opened (its run store is the training service's). Without it, History lists nothing. */
  history?: HistoryDatabase;
  /** Told the search service once it is started (it is, when there are both a training service and `history`), so the host can dispose() it on shutdown. */
  onSearchService?: (search: SearchService) => void;
  /** Where services say what went wrong outside any one request (default: standard error). */
  log?: (line: string) => void;
}

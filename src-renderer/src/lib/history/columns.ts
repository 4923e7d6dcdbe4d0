/** The run table's columns: heading, width, and the sort key a header click uses (none for tags). */
import type { HistorySortKey } from '@shared/api';

export interface Column {
  id: string;
  label: string;
  width: string;
  sortKey?: HistorySortKey;
  numeric?: boolean;
}

export const columns: readonly Column[] = [
  { id: 'run', label: 'Run', width: 'minmax(200px, 2.2fr)', sortKey: 'label' },
  { id: 'status', label: 'Status', width: '120px', sortKey: 'status' },
  { id: 'dataset', label: 'Dataset', width: 'minmax(90px, 1fr)', sortKey: 'dataset' },
  { id: 'optimizer', label: 'Optimizer', width: '92px', sortKey: 'optimizer' },
  { id: 'epochs', label: 'Epochs', width: '72px', sortKey: 'epochs', numeric: true },
  { id: 'trainLoss', label: 'Train loss', width: '88px', sortKey: 'trainLoss', numeric: true },
  { id: 'devLoss', label: 'Dev loss', width: '88px', sortKey: 'devLoss', numeric: true },
  { id: 'devAccuracy', label: 'Dev accuracy', width: '104px', sortKey: 'devAccuracy', numeric: true },
  { id: 'duration', label: 'Duration', width: '84px', sortKey: 'durationMs', numeric: true },
  { id: 'created', label: 'Created', width: '132px', sortKey: 'createdAt' },
  { id: 'tags', label: 'Tags', width: 'minmax(90px, 1fr)' },
];

/** The grid template shared by the header and every row: the checkbox column first. */
export const gridTemplate = ['36px', ...columns.map((c) => c.width)].join(' ');

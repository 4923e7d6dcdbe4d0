/**
 * PLACEHOLDER for the streaming CSV reader (another branch replaces this file): same API, but it
 * reads the whole file and parses it with parseCsv. Missing, non-regular or oversized files and an
 * aborted read resolve {ok: false, message}; it never throws for bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseCsv, type CsvResult } from '@shared/data/csv';

export interface CsvFileProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ReadCsvFileOptions {
  label?: string;
  classNames?: readonly string[];
  maxBytes?: number;
  maxRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: CsvFileProgress) => void;
}

const placeholderMaxBytes = 512 * 1024 * 1024;

export async function readCsvFile(path: string, options: ReadCsvFileOptions = {}): Promise<CsvResult> {
  const info = await stat(path).catch(() => null);
  if (!info) return { ok: false, message: `CSV: there is no file '${path}'.` };
  if (!info.isFile()) return { ok: false, message: `CSV: '${path}' is not a regular file.` };
  const maxBytes = options.maxBytes ?? placeholderMaxBytes;
  if (info.size > maxBytes) return { ok: false, message: `CSV: '${path}' has ${info.size} bytes; at most ${maxBytes} can be loaded.` };
  if (options.signal?.aborted) return { ok: false, message: 'CSV: reading was cancelled.' };
  const text = await readFile(path, 'utf8');
  if (options.signal?.aborted) return { ok: false, message: 'CSV: reading was cancelled.' };
  const result = parseCsv(text, {
    ...(options.label !== undefined && { label: options.label }),
    ...(options.classNames && { classNames: options.classNames }),
    ...(options.maxRows !== undefined && { maxRows: options.maxRows }),
  });
  options.onProgress?.({ bytesRead: info.size, totalBytes: info.size, rows: result.ok ? result.dataset.rows : 0 });
  return result;
}

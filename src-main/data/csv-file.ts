/**
 * Reads a CSV file into a Dataset a piece at a time: memory follows the accepted data, not the
 * file; the size and row limits stop the reading as soon as they are passed; progress is reported
 * while reading; an AbortSignal cancels. Bad input never throws: it resolves { ok: false, message }.
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { CsvReader, csvMaxBytes, describeBytes, type CsvResult } from '@shared/data/csv';

export interface CsvFileProgress {
  bytesRead: number;
  totalBytes: number;
  /** Data rows accepted so far. */
  rows: number;
}

export interface ReadCsvFileOptions {
  /** The label column's header name; the last column when omitted. */
  label?: string;
  /** Map labels onto these classes (a test file read against its training file's classes). */
  classNames?: readonly string[];
  /** Refuse larger files (bytes); csvMaxBytes when omitted. */
  maxBytes?: number;
  /** Refuse more data rows than this; csvMaxRows when omitted. */
  maxRows?: number;
  /** Aborting stops the reading within one piece, closes the file and resolves a "cancelled" failure. */
  signal?: AbortSignal;
  /** Called at most every progressIntervalMs while reading, and once at the end. */
  onProgress?: (progress: CsvFileProgress) => void;
}

/**
 * Bytes read at a time: big enough that the per-piece work is negligible, small enough to cancel
 * promptly and keep the rows of strings of one piece (short-lived garbage) small.
 */
export const csvReadChunkBytes = 256 * 1024;
/** Progress at most ten times a second. */
const progressIntervalMs = 100;

const FileLimits = z.object({ maxBytes: z.number().int().positive().optional() });

export async function readCsvFile(path: string, options: ReadCsvFileOptions = {}): Promise<CsvResult> {
  const { signal } = options;
  const limits = FileLimits.safeParse({ maxBytes: options.maxBytes });
  if (!limits.success) return fail(`the option maxBytes must be a positive whole number of bytes, got ${String(options.maxBytes)}.`);
  const maxBytes = limits.data.maxBytes ?? csvMaxBytes;
  if (signal?.aborted) return cancelled(path);

  // stat before opening: opening a FIFO for reading would wait for a writer.
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return fail(describeOpenError(path, error));
  }
  if (!info.isFile()) return fail(describeNotAFile(path, info));
  if (info.size > maxBytes) return fail(`'${path}' is ${describeBytes(info.size)}; at most ${describeBytes(maxBytes)} can be loaded.`);

  let file: FileHandle;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening still returns at once.
    file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return fail(describeOpenError(path, error));
  }
  try {
    const opened = await file.stat();
    if (!opened.isFile()) return fail(describeNotAFile(path, opened));
    return await readOpenFile(file, path, opened.size, maxBytes, options);
  } catch (error) {
    return fail(`'${path}' could not be read: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    await file.close();
  }
}

async function readOpenFile(file: FileHandle, path: string, totalBytes: number, maxBytes: number, options: ReadCsvFileOptions): Promise<CsvResult> {
  const { signal, onProgress } = options;
  let bytesRead = 0;
  const reader = new CsvReader(
    { ...definedOnly({ label: options.label, maxRows: options.maxRows }), ...(options.classNames && { classNames: options.classNames }) },
    { describePosition: () => `${describeBytes(bytesRead)} of ${describeBytes(totalBytes)} read` },
  );
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(csvReadChunkBytes);
  let lastProgress = -Infinity;
  const report = () => onProgress?.({ bytesRead, totalBytes, rows: reader.rows });

  for (;;) {
    if (signal?.aborted) return cancelled(path);
    const { bytesRead: count } = await file.read(buffer, 0, buffer.length, null);
    if (count === 0) break;
    bytesRead += count;
    if (bytesRead > maxBytes) {
      report();
      return fail(`'${path}' grew past ${describeBytes(maxBytes)} while being read; at most ${describeBytes(maxBytes)} can be loaded.`);
    }
    const more = reader.write(decoder.write(buffer.subarray(0, count)));
    const now = Date.now();
    if (now - lastProgress >= progressIntervalMs) {
      lastProgress = now;
      report();
    }
    if (!more) break;
  }
  if (signal?.aborted) return cancelled(path);
  reader.write(decoder.end());
  const result = reader.end();
  report();
  return result;
}

function fail(message: string): CsvResult {
  return { ok: false, message: `CSV: ${message}` };
}

function cancelled(path: string): CsvResult {
  return fail(`reading '${path}' was cancelled.`);
}

function describeNotAFile(path: string, info: { isDirectory(): boolean }): string {
  return info.isDirectory() ? `'${path}' is a folder, not a CSV file.` : `'${path}' is not a regular file (a pipe, socket or device); give the path of a CSV file.`;
}

function describeOpenError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `there is no file '${path}'.`;
  if (code === 'EACCES' || code === 'EPERM') return `'${path}' cannot be read: permission denied.`;
  if (code === 'ENOTDIR') return `there is no file '${path}' (a part of the path is not a folder).`;
  return `'${path}' cannot be opened: ${error instanceof Error ? error.message : String(error)}.`;
}

/** Drops undefined entries, so the reader's defaults apply. */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

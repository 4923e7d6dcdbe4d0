/**
 * Where `train` and `gradcheck` record: the experiment database the app and the web host use
 * (`<data folder>/deepwire.db`, or --db FILE), unless --no-record. Opening reports what it had to
 * do (a copy before a migration, a damaged file moved aside, runs marked interrupted) on stderr.
 */
import { z } from 'zod';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { defaultDataDir } from '../services/data-dir';
import { openDatabase, type SqliteDatabase } from '../services/history/database';
import { defaultDatabaseFile, openRunStore } from '../services/history/open-run-store';
import type { SqliteRunStore } from '../services/history/sqlite-run-store';
import { nonEmptyText } from './option-values';
import { UsageError } from './usage-error';

export const DatabaseOptions = z.object({ db: nonEmptyText('--db').optional() });
export const RecordOptions = DatabaseOptions.extend({ record: z.boolean().optional() });
export type DatabaseOptions = z.output<typeof DatabaseOptions>;
export type RecordOptions = z.output<typeof RecordOptions>;

export function addDatabaseOption(command: Command): Command {
  return command.option('--db <file>', 'the experiment database (default: deepwire.db in the data folder the app uses; DEEPWIRE_DATA moves that folder)');
}

export function addRecordOptions(command: Command): Command {
  return addDatabaseOption(command).option('--no-record', 'do not record this in the experiment database');
}

export function databaseFile(options: DatabaseOptions): string {
  return options.db ?? defaultDatabaseFile(defaultDataDir());
}

export interface OpenedStore {
  store: SqliteRunStore;
  file: string;
}

/** The store to record into, or null with --no-record; a file that cannot be opened is a --db error. */
export function openStoreFor(options: DatabaseOptions, commandName: string, stderr: { write: (text: string) => unknown }): OpenedStore {
  const file = databaseFile(options);
  const opened = openRunStore(file);
  if (!opened.ok) throw new UsageError(`--db ${file}: ${opened.message} (or run with --no-record)`);
  for (const notice of opened.notices) stderr.write(`deepwire ${commandName}: ${notice}\n`);
  return { store: opened.store, file };
}

export function openRecordingStore(options: RecordOptions, commandName: string, stderr: { write: (text: string) => unknown }): OpenedStore | null {
  return options.record === false ? null : openStoreFor(options, commandName, stderr);
}

/**
 * The database for reading (history, show): opened and migrated like any open, but without a run
 * store, so a run another process is training right now is not marked interrupted. Null when the
 * file does not exist yet (nothing was recorded; reading creates nothing).
 */
export function openForReading(options: DatabaseOptions, commandName: string, stderr: { write: (text: string) => unknown }): { db: SqliteDatabase; file: string } | { db: null; file: string } {
  const file = databaseFile(options);
  if (!existsSync(file)) return { db: null, file };
  const opened = openDatabase(file);
  if (!opened.ok) throw new UsageError(`--db ${file}: ${opened.message}`);
  for (const notice of opened.notices) stderr.write(`deepwire ${commandName}: ${notice}\n`);
  return { db: opened.db, file };
}

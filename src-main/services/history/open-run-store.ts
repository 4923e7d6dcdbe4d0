/** Opens the experiment database and its run store, as the web host, the desktop app and the command line do. */
import { join } from 'node:path';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { SqliteRunStore } from './sqlite-run-store';

export const databaseFileName = 'deepwire.db';

/** `<data folder>/deepwire.db`: one file for the app, the web host and the command line. */
export function defaultDatabaseFile(dataDir: string): string {
  return join(dataDir, databaseFileName);
}

/** `db` is the store's connection, for the History commands (closed with the store). */
export type OpenRunStoreResult = { ok: true; store: SqliteRunStore; db: SqliteDatabase; notices: string[] } | { ok: false; message: string };

export function openRunStore(file: string, options: OpenDatabaseOptions & { log?: (line: string) => void } = {}): OpenRunStoreResult {
  const { log, ...databaseOptions } = options;
  const opened = openDatabase(file, databaseOptions);
  if (!opened.ok) return { ok: false, message: opened.message };
  const store = new SqliteRunStore(opened.db, { ...(log && { log }), ...(databaseOptions.now && { now: databaseOptions.now }) });
  const notices = [...opened.notices];
  if (store.interruptedAtOpen > 0) notices.push(`${store.interruptedAtOpen} run(s) that were training when Deepwire last stopped are marked interrupted (what they recorded is kept).`);
  return { ok: true, store, db: opened.db, notices };
}

/**
 * Opening the experiment database: one SQLite file (better-sqlite3) in WAL mode with foreign keys
 * and a busy timeout, migrated by PRAGMA user_version inside one transaction after a copy of the
 * file is taken. A file from a newer Deepwire is refused and left untouched; a file that is empty,
 * not SQLite or corrupt is moved aside (never overwritten) and a fresh database is created.
 * Main process and command line only: workers never touch the database.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { latestSchemaVersion, migrations } from './schema';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement;

export interface OpenDatabaseOptions {
  /** better-sqlite3's `nativeBinding` (the Electron build; see electron/native-binding.ts). */
  nativeBinding?: string;
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** The clock for backup and corrupt-file names (tests pass a fixed one). */
  now?: () => Date;
}

export type OpenDatabaseResult =
  | { ok: true; db: SqliteDatabase; file: string; version: number; notices: string[] }
  | { ok: false; code: 'newer-version' | 'cannot-open'; message: string };

/** Every SQLite file starts with these 16 bytes (the "magic header string"). */
const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
/** The database header is 100 bytes; user_version is the big-endian int at offset 60. */
const headerBytes = 100;
const userVersionOffset = 60;

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenDatabaseResult {
  const now = options.now ?? (() => new Date());
  const notices: string[] = [];
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    return { ok: false, code: 'cannot-open', message: `Cannot create the folder of the experiment database ${file}: ${errorText(error)}` };
  }

  const probe = probeFile(file);
  if (probe.kind === 'sqlite' && probe.userVersion > latestSchemaVersion) {
    return {
      ok: false,
      code: 'newer-version',
      message: `The experiment database ${file} was written by a newer Deepwire (schema version ${probe.userVersion}; this one knows up to ${latestSchemaVersion}). It was left untouched: update Deepwire, or choose another file with --db.`,
    };
  }
  if (probe.kind === 'empty' || probe.kind === 'not-sqlite') {
    const why = probe.kind === 'empty' ? 'is empty (zero bytes)' : 'is not an SQLite database';
    const moved = moveAside(file, now());
    if (!moved.ok) return { ok: false, code: 'cannot-open', message: `The experiment database ${file} ${why} and could not be moved aside: ${moved.message}` };
    notices.push(`The experiment database ${file} ${why}; it was moved to ${moved.to} and a new, empty database was created.`);
  }

  let opened = tryOpen(file, options);
  if (!opened.ok && opened.corrupt && existsSync(file)) {
    const moved = moveAside(file, now());
    if (!moved.ok) return { ok: false, code: 'cannot-open', message: `The experiment database ${file} is damaged (${opened.message}) and could not be moved aside: ${moved.message}` };
    notices.push(`The experiment database ${file} is damaged (${opened.message}); it was moved to ${moved.to} and a new, empty database was created.`);
    opened = tryOpen(file, options);
  }
  if (!opened.ok) return { ok: false, code: 'cannot-open', message: `Cannot open the experiment database ${file}: ${opened.message}` };

  const { db } = opened;
  try {
    const from = db.pragma('user_version', { simple: true }) as number;
    // Another process may have migrated past us between the probe and the open.
    if (from > latestSchemaVersion) {
      db.close();
      return { ok: false, code: 'newer-version', message: `The experiment database ${file} was written by a newer Deepwire (schema version ${from}; this one knows up to ${latestSchemaVersion}). It was left untouched.` };
    }
    if (from < latestSchemaVersion) {
      // A fresh file has nothing to keep; anything else is copied first (VACUUM INTO includes what is still in the WAL).
      const fresh = from === 0 && (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
      if (!fresh) {
        const backup = `${file}.backup-v${from}-${stamp(now())}`;
        db.prepare('VACUUM INTO ?').run(backup);
        notices.push(`The experiment database ${file} was copied to ${backup} before it was upgraded from schema version ${from} to ${latestSchemaVersion}.`);
      }
      migrate(db, from);
    }
    return { ok: true, db, file, version: latestSchemaVersion, notices };
  } catch (error) {
    db.close();
    return { ok: false, code: 'cannot-open', message: `Cannot prepare the experiment database ${file}: ${errorText(error)}` };
  }
}

/** Runs the migrations after `from` in one transaction: all of them apply, or none. */
function migrate(db: SqliteDatabase, from: number): void {
  db.transaction(() => {
    for (let version = from + 1; version <= latestSchemaVersion; version += 1) {
      migrations[version - 1]!(db);
      db.pragma(`user_version = ${version}`);
    }
  }).immediate();
}

type Probe = { kind: 'missing' } | { kind: 'empty' } | { kind: 'not-sqlite' } | { kind: 'sqlite'; userVersion: number };

/** Reads the header only, so a file we refuse is never opened by SQLite (nothing about it changes). */
function probeFile(file: string): Probe {
  if (!existsSync(file)) return { kind: 'missing' };
  if (statSync(file).size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(headerBytes);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, headerBytes, 0);
  } finally {
    closeSync(fd);
  }
  if (read < headerBytes || !header.subarray(0, sqliteMagic.length).equals(sqliteMagic)) return { kind: 'not-sqlite' };
  return { kind: 'sqlite', userVersion: header.readInt32BE(userVersionOffset) };
}

type Opened = { ok: true; db: SqliteDatabase } | { ok: false; corrupt: boolean; message: string };

function tryOpen(file: string, options: OpenDatabaseOptions): Opened {
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    // The busy timeout first: setting WAL on a file another process is writing may have to wait.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL makes each commit durable at the next checkpoint; NORMAL keeps commits atomic and is much faster.
    db.pragma('synchronous = NORMAL');
    // Reading the schema touches page 1 and the schema table: a damaged file fails here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { ok: true, db };
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    return { ok: false, corrupt: code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB', message: errorText(error) };
  }
}

/** Renames the file (and its WAL and shared-memory files) to `<name>.corrupt-<timestamp>`. */
function moveAside(file: string, when: Date): { ok: true; to: string } | { ok: false; message: string } {
  const to = `${file}.corrupt-${stamp(when)}`;
  try {
    if (existsSync(to)) return { ok: false, message: `${to} already exists` };
    renameSync(file, to);
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, to + suffix);
    return { ok: true, to };
  } catch (error) {
    return { ok: false, message: errorText(error) };
  }
}

/** 2026-12-02T10-20-30-123Z: an ISO time that is a valid file name everywhere. */
function stamp(when: Date): string {
  return when.toISOString().replace(/[:.]/g, '-');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

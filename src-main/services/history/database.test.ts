import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database';
import { latestSchemaVersion } from './schema';
import { tempFolder } from './test-files';

const fixedNow = () => new Date('2026-12-02T10:20:30.456Z');
const stamp = '2026-12-02T10-20-30-456Z';
let folder = tempFolder();
const opened: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  folder.remove();
  folder = tempFolder();
});

function open(file: string) {
  const result = openDatabase(file, { now: fixedNow });
  if (result.ok) opened.push(result.db);
  return result;
}

function tables(db: SqliteDatabase): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
}

describe('openDatabase', () => {
  it('creates a fresh database at the latest version in WAL mode with foreign keys and a busy timeout, without a backup', () => {
    const file = folder.file('deepwire.db');
    const result = open(file);
    if (!result.ok) throw new Error(result.message);
    expect(result.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(result.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(result.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(result.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(tables(result.db)).toEqual(expect.arrayContaining(['designs', 'design_versions', 'runs', 'report_chunks', 'step_chunks', 'interventions', 'models', 'checkpoints', 'gradchecks', 'searches', 'trials']));
    expect(result.notices).toEqual([]);
    expect(readdirSync(folder.dir).filter((name) => name.includes('backup'))).toEqual([]);
  });

  it('reopens a current database without migrating or copying it', () => {
    const file = folder.file('deepwire.db');
    const first = open(file);
    if (!first.ok) throw new Error(first.message);
    first.db.close();
    const again = open(file);
    expect(again).toMatchObject({ ok: true, notices: [] });
    expect(readdirSync(folder.dir).filter((name) => name.includes('backup'))).toEqual([]);
  });

  it('migrates a hand-made version-0 file, keeping its own tables, after copying it to deepwire.db.backup-v0-<time>', () => {
    const file = folder.file('deepwire.db');
    const old = new Database(file);
    old.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('from before')");
    old.close();
    const result = open(file);
    if (!result.ok) throw new Error(result.message);
    expect(result.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(result.db.prepare('SELECT text FROM notes').pluck().get()).toBe('from before');
    expect(tables(result.db)).toContain('runs');
    const backup = folder.file(`deepwire.db.backup-v0-${stamp}`);
    expect(result.notices).toEqual([expect.stringContaining(backup)]);
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(copy)).toEqual(['notes']);
    copy.close();
  });

  it('rolls a failed migration back whole: a version-0 file that already has a runs table keeps user_version 0 and its data', () => {
    const file = folder.file('deepwire.db');
    const old = new Database(file);
    old.exec("CREATE TABLE runs (x TEXT); INSERT INTO runs VALUES ('mine')");
    old.close();
    const result = open(file);
    expect(result).toMatchObject({ ok: false, code: 'cannot-open', message: expect.stringContaining('runs already exists') });
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(after)).toEqual(['runs']);
    after.close();
  });

  it('refuses a database from a newer Deepwire with a message naming both versions, leaving the file byte-identical', () => {
    const file = folder.file('deepwire.db');
    const newer = new Database(file);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${latestSchemaVersion + 1}`);
    newer.close();
    const before = readFileSync(file);
    const result = open(file);
    expect(result).toEqual({ ok: false, code: 'newer-version', message: expect.stringMatching(new RegExp(`schema version ${latestSchemaVersion + 1}; this one knows up to ${latestSchemaVersion}`)) });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(folder.dir)).toEqual(['deepwire.db']);
  });

  it.each([
    ['a zero-byte file', Buffer.alloc(0), 'is empty (zero bytes)'],
    ['a text file', Buffer.from('these are my notes, not a database\n'.repeat(10)), 'is not an SQLite database'],
  ])('moves %s aside to <name>.corrupt-<time>, unchanged, and creates a fresh database', (_name, content, why) => {
    const file = folder.file('deepwire.db');
    writeFileSync(file, content);
    const result = open(file);
    if (!result.ok) throw new Error(result.message);
    const aside = folder.file(`deepwire.db.corrupt-${stamp}`);
    expect(result.notices).toEqual([`The experiment database ${file} ${why}; it was moved to ${aside} and a new, empty database was created.`]);
    expect(readFileSync(aside).equals(content)).toBe(true);
    expect(tables(result.db)).toContain('runs');
  });

  it('moves a damaged SQLite file (garbage over its schema page) aside and creates a fresh database', () => {
    const file = folder.file('deepwire.db');
    const db = new Database(file);
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('a')");
    db.close();
    const bytes = readFileSync(file);
    // Keep the 100-byte header (so it still looks like SQLite), scramble the rest of page 1.
    for (let i = 100; i < 4096; i += 1) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(file, bytes);
    const result = open(file);
    if (!result.ok) throw new Error(result.message);
    const aside = folder.file(`deepwire.db.corrupt-${stamp}`);
    expect(result.notices).toEqual([expect.stringContaining(`is damaged`)]);
    expect(result.notices[0]).toContain(aside);
    expect(readFileSync(aside).equals(bytes)).toBe(true);
    expect(tables(result.db)).toContain('runs');
  });
});

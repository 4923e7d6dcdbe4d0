/**
 * The arenas kept in the experiment database (the v3 `arenas` table: id, status, created_at,
 * ended_at, request JSON, result JSON). `result` holds the whole ArenaSummary as it stood at the
 * last write, so a finished arena reads back exactly as it was shown, after any restart.
 */
import { ArenaSummary } from '@shared/api';
import type { SqliteDatabase } from '../history/database';

interface ArenaRow {
  id: string;
  result: string;
}

export class ArenaStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** The next free id: arena-1, arena-2, … (one more than the highest kept). */
  nextId(): string {
    const ids = this.db.prepare<[], { id: string }>("SELECT id FROM arenas WHERE id LIKE 'arena-%'").all();
    const highest = ids.reduce((max, { id }) => Math.max(max, Number(/^arena-(\d+)$/.exec(id)?.[1] ?? 0)), 0);
    return `arena-${highest + 1}`;
  }

  insert(summary: ArenaSummary, request: unknown): void {
    this.db
      .prepare('INSERT INTO arenas (id, status, created_at, ended_at, request, result) VALUES (?, ?, ?, ?, ?, ?)')
      .run(summary.arenaId, summary.status, summary.createdAt, null, JSON.stringify(request), JSON.stringify(summary));
  }

  save(summary: ArenaSummary, endedAt: string | null): void {
    this.db.prepare('UPDATE arenas SET status = ?, ended_at = ?, result = ? WHERE id = ?').run(summary.status, endedAt, JSON.stringify(summary), summary.arenaId);
  }

  get(arenaId: string): ArenaSummary | null {
    const row = this.db.prepare<[string], ArenaRow>('SELECT id, result FROM arenas WHERE id = ?').get(arenaId);
    return row ? parseSummary(row) : null;
  }

  /** Newest first. */
  list(): ArenaSummary[] {
    const rows = this.db.prepare<[], ArenaRow>('SELECT id, result FROM arenas ORDER BY created_at DESC, id DESC').all();
    return rows.map(parseSummary).filter((summary): summary is ArenaSummary => summary !== null);
  }

  /** Arenas an earlier launch left running cannot go on (their runs were interrupted too): they end 'interrupted'. */
  interruptLeftovers(endedAt: string): number {
    const rows = this.db.prepare<[], ArenaRow>("SELECT id, result FROM arenas WHERE status = 'running'").all();
    for (const row of rows) {
      const summary = parseSummary(row);
      if (summary) this.save({ ...summary, status: 'interrupted' }, endedAt);
      else this.db.prepare("UPDATE arenas SET status = 'interrupted', ended_at = ? WHERE id = ?").run(endedAt, row.id);
    }
    return rows.length;
  }
}

/** A row this version cannot read (written by another) is skipped rather than failing the whole list. */
function parseSummary(row: ArenaRow): ArenaSummary | null {
  try {
    const parsed = ArenaSummary.safeParse(JSON.parse(row.result));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

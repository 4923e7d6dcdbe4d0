/**
 * Which process owns a live run in the experiment database. Several processes may open one file
 * (the app, the web host, `deepwire train`); the one recording a run stamps it with its host, pid
 * and a heartbeat at every flush. Opening the file marks a queued/running/paused run interrupted
 * only when nobody is recording it any more: its owner is a dead process on this machine, its
 * heartbeat is older than `staleAfterMs` (a hung or remote owner), or it has no owner at all
 * (a database from before owners were recorded, or a store that closed without ending the run).
 */
import { hostname } from 'node:os';

export interface RunOwner {
  host: string;
  pid: number;
}

export interface OwnedRunRow {
  id: string;
  owner_host: string | null;
  owner_pid: number | null;
  heartbeat_at: string | null;
}

/** Ten flushes missed: long enough for a busy machine, short enough that a restart after a crash rarely waits. */
export const defaultStaleAfterMs = 10_000;

export function thisProcess(): RunOwner {
  return { host: hostname(), pid: process.pid };
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface AbandonedCheck {
  now: Date;
  staleAfterMs: number;
  self: RunOwner;
  isAlive: (pid: number) => boolean;
}

/** True when no live process is recording the run, so opening the database should mark it interrupted. */
export function isAbandoned(row: OwnedRunRow, check: AbandonedCheck): boolean {
  if (row.heartbeat_at === null || row.owner_host === null || row.owner_pid === null) return true;
  const age = check.now.getTime() - Date.parse(row.heartbeat_at);
  if (!Number.isFinite(age) || age > check.staleAfterMs) return true;
  // On this machine a dead owner is certain at once (a kill -9 leaves a fresh heartbeat behind).
  if (row.owner_host === check.self.host && !check.isAlive(row.owner_pid)) return true;
  return false;
}

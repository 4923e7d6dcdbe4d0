/**
 * Writes a set of files so that none is left half-written and none is left behind alone: each goes
 * to a temporary file beside its place first; only when every one is complete are they moved into
 * place, a file already there set aside until the last move succeeded. A failure removes the
 * temporaries, puts back what was set aside, and says which path could not be written and why.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface FileToWrite {
  path: string;
  bytes: Uint8Array | string;
}

export function writeFilesAtomically(files: readonly FileToWrite[]): { ok: true } | { ok: false; message: string } {
  const stamp = `${process.pid}.${Date.now()}`;
  const beside = (path: string, what: string) => join(dirname(path), `.${basename(path)}.${stamp}.${what}`);
  const written: { temporary: string; path: string }[] = [];
  // A folder in a file's place is never moved aside: refused before anything is written.
  const folder = files.find((file) => existsSync(file.path) && statSync(file.path).isDirectory());
  if (folder) return { ok: false, message: `${folder.path} could not be written (it is a folder); nothing was written.` };
  const removeTemporaries = () => {
    for (const { temporary } of written) rmSync(temporary, { force: true });
  };
  for (const file of files) {
    const temporary = beside(file.path, 'tmp');
    try {
      writeFileSync(temporary, file.bytes);
      written.push({ temporary, path: file.path });
    } catch (error) {
      rmSync(temporary, { force: true });
      removeTemporaries();
      return { ok: false, message: `${file.path} could not be written (${describe(error)}); nothing was written.` };
    }
  }
  const moved: { path: string; setAside: string | null }[] = [];
  for (const { temporary, path } of written) {
    const setAside = existsSync(path) ? beside(path, 'old') : null;
    try {
      if (setAside) renameSync(path, setAside);
      renameSync(temporary, path);
      moved.push({ path, setAside });
    } catch (error) {
      // Undo: the files moved so far go, what was there before comes back.
      if (setAside && existsSync(setAside) && !existsSync(path)) renameSync(setAside, path);
      for (const done of moved.reverse()) {
        rmSync(done.path, { force: true });
        if (done.setAside) renameSync(done.setAside, done.path);
      }
      removeTemporaries();
      return { ok: false, message: `${path} could not be written (${describe(error)}); nothing was written.` };
    }
  }
  for (const { setAside } of moved) if (setAside) rmSync(setAside, { force: true });
  return { ok: true };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: 'its folder does not exist', EACCES: 'permission denied', EISDIR: 'it is a folder', EROFS: 'the file system is read-only', ENOSPC: 'the disk is full' };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

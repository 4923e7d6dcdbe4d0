/**
 * Writes a set of files so that none is left half-written: each goes to a temporary file beside
 * its place first, and only when every one is complete are they renamed into place. A failure
 * removes the temporaries and says which path could not be written and why.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface FileToWrite {
  path: string;
  bytes: Uint8Array | string;
}

export function writeFilesAtomically(files: readonly FileToWrite[]): { ok: true } | { ok: false; message: string } {
  const written: { temporary: string; path: string }[] = [];
  const cleanUp = () => {
    for (const { temporary } of written) rmSync(temporary, { force: true });
  };
  for (const file of files) {
    const temporary = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      writeFileSync(temporary, file.bytes);
      written.push({ temporary, path: file.path });
    } catch (error) {
      cleanUp();
      return { ok: false, message: `${file.path} could not be written (${describe(error)}); nothing was written.` };
    }
  }
  for (const { temporary, path } of written) {
    try {
      renameSync(temporary, path);
    } catch (error) {
      cleanUp();
      return { ok: false, message: `${path} could not be written (${describe(error)}).` };
    }
  }
  return { ok: true };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: 'its folder does not exist', EACCES: 'permission denied', EISDIR: 'it is a folder', EROFS: 'the file system is read-only', ENOSPC: 'the disk is full' };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Reads a design file safely: only a regular file (never a FIFO, device or folder; never through
 * a symbolic link unless asked), its size checked on the open handle before a byte is read, at most
 * the limit plus one byte read, and the text given to the one design parser. Errors never quote
 * the file. The design store uses it, and so can the command line's --graph.
 */
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { designSizeProblem, maxDesignBytes, parseDesignFile } from '@shared/graph/file';
import type { GraphDoc } from '@shared/graph/doc';

export type ReadDesignFailure = 'not_found' | 'not_regular' | 'too_large' | 'invalid' | 'io';

export type ReadDesignResult =
  | { ok: true; doc: GraphDoc; modifiedAt: Date; bytes: number }
  /** `problem` says what is wrong; `message` adds what to do when the file was opened by hand. */
  | { ok: false; reason: ReadDesignFailure; problem: string; message: string };

export interface ReadDesignOptions {
  /** false (the store): a symbolic link is refused, so a link in the designs folder cannot reach other files. */
  followLinks: boolean;
}

// Not on Windows; there a symlink is refused by lstat before opening (creating one needs privileges).
const noFollow = constants.O_NOFOLLOW ?? 0;
// Opening a FIFO for reading would wait for a writer (holding a thread of Node's pool); this returns at once.
const nonBlocking = constants.O_NONBLOCK ?? 0;
const chunkBytes = 64 * 1024;

function failure(reason: ReadDesignFailure, problem: string): ReadDesignResult {
  return { ok: false, reason, problem, message: problem };
}

const notRegular = () => failure('not_regular', 'this is not a regular file but a link, a folder, a pipe or a device, and designs are read only from regular files');

export async function readDesignFile(path: string, options: ReadDesignOptions): Promise<ReadDesignResult> {
  let handle: FileHandle;
  try {
    if (!options.followLinks && noFollow === 0 && (await lstat(path)).isSymbolicLink()) return notRegular();
    handle = await open(path, constants.O_RDONLY | nonBlocking | (options.followLinks ? 0 : noFollow));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return failure('not_found', 'there is no such file');
    // ELOOP: the last part of the path is a symbolic link and O_NOFOLLOW refused it.
    if (code === 'ELOOP' || code === 'ENXIO' || code === 'EISDIR') return notRegular();
    return failure('io', `the file could not be opened (${code ?? 'unknown error'})`);
  }
  try {
    // fstat on the handle: the file checked is the file read, whatever happens to the path meanwhile.
    const info = await handle.stat();
    if (!info.isFile()) return notRegular();
    const tooLarge = designSizeProblem(info.size);
    if (tooLarge) return failure('too_large', tooLarge);
    const bytes = await readAtMost(handle, maxDesignBytes + 1);
    const grown = designSizeProblem(bytes.length);
    if (grown) return failure('too_large', grown);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return failure('invalid', 'this file is not UTF-8 text, so it is not a Deepwire design');
    }
    const parsed = parseDesignFile(text);
    if (!parsed.ok) return { ok: false, reason: 'invalid', problem: parsed.problem, message: parsed.message };
    return { ok: true, doc: parsed.doc, modifiedAt: info.mtime, bytes: info.size };
  } catch (error) {
    return failure('io', `the file could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Up to `limit` bytes from the start of the file: a file that grows after fstat still costs at most this. */
async function readAtMost(handle: FileHandle, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

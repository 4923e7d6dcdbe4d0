/**
 * Design files under `<data>/designs/<name>.json`. Only regular files in that folder are read
 * (see design-file.ts), every design is checked by the editor's own parser on the way in and on
 * the way out, and writes go to a new temporary file renamed into place, so a crash mid-save never
 * leaves a truncated design and a save never writes through a link.
 */
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandError, DesignName, type DesignSummary } from '@shared/api';
import { designSizeProblem, parseDesignFile, serializeDesign, utf8ByteLength } from '@shared/graph/file';
import { readDesignFile, type ReadDesignFailure } from './design-file';

const errorCodes = {
  not_found: 'not_found',
  not_regular: 'invalid_request',
  too_large: 'too_large',
  invalid: 'invalid_request',
  io: 'io',
} as const satisfies Record<ReadDesignFailure, CommandError['code']>;

export class DesignStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'designs');
  }

  private pathOf(name: string): string {
    // The schema already restricts names; parsing again here keeps the store safe on its own.
    const parsed = DesignName.safeParse(name);
    if (!parsed.success) throw new CommandError('invalid_request', `"${name}" is not a valid design name: ${parsed.error.issues[0]?.message ?? 'refused'}.`);
    return join(this.dir, `${parsed.data}.json`);
  }

  async list(): Promise<DesignSummary[]> {
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CommandError('io', `Could not read the designs folder ${this.dir}: ${(error as Error).message}`);
    }
    const summaries: DesignSummary[] = [];
    for (const entry of entries) {
      // The entry's own type, links not followed: links, pipes, devices and folders are not designs.
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const name = entry.name.slice(0, -'.json'.length);
      if (!DesignName.safeParse(name).success) continue;
      const info = await lstat(join(this.dir, entry.name)).catch(() => null);
      if (!info?.isFile()) continue;
      summaries.push({ name, modifiedAt: info.mtime.toISOString(), bytes: info.size });
    }
    return summaries.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
  }

  async open(name: string): Promise<{ name: string; content: Record<string, unknown>; modifiedAt: string }> {
    const read = await readDesignFile(this.pathOf(name), { followLinks: false });
    if (!read.ok) {
      if (read.reason === 'not_found') throw new CommandError('not_found', `There is no design named "${name}".`);
      throw new CommandError(errorCodes[read.reason], `The design "${name}" was not opened: ${lowerFirst(read.message).replace(/\.$/, '')}.`);
    }
    return { name, content: read.doc as unknown as Record<string, unknown>, modifiedAt: read.modifiedAt.toISOString() };
  }

  async save(name: string, content: Record<string, unknown>, overwrite: boolean): Promise<DesignSummary> {
    const path = this.pathOf(name);
    const notSaved = `The design "${name}" was not saved (a saved design of that name is left as it was)`;
    const tooLarge = (text: string) => {
      const problem = designSizeProblem(utf8ByteLength(text), 'it would be');
      if (problem) throw new CommandError('too_large', `${notSaved}: ${problem}.`);
    };
    // The compact form first: a huge document is refused as too large before it is parsed.
    const compact = JSON.stringify(content);
    tooLarge(compact);
    const parsed = parseDesignFile(compact);
    if (!parsed.ok) throw new CommandError('invalid_request', `${notSaved}: ${lowerFirst(parsed.problem).replace(/\.$/, '')}.`);
    const text = serializeDesign(parsed.doc);
    tooLarge(text);
    await mkdir(this.dir, { recursive: true });
    if (!overwrite) {
      const exists = await lstat(path).then(() => true, () => false);
      if (exists) throw new CommandError('conflict', `A design named "${name}" already exists; choose another name or overwrite it.`);
    }
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      // 'wx': a new file only, so a link planted at the temporary name is never written through.
      await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
      // rename replaces whatever has the design's name (a link included), never the file a link points to.
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw new CommandError('io', `Could not save "${name}" in ${this.dir}: ${(error as Error).message}`);
    }
    const info = await lstat(path);
    return { name, modifiedAt: info.mtime.toISOString(), bytes: info.size };
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Design files under `<data>/designs/<name>.json`. Writes go to a temporary file and are renamed
 * into place, so a crash mid-save never leaves a truncated design.
 */
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandError, DesignName, checkJson, type DesignSummary } from '@shared/api';

export const maxDesignBytes = 5 * 1024 * 1024;

export class DesignStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'designs');
  }

  private pathOf(name: string): string {
    // The schema already restricts names; parsing again here keeps the store safe on its own.
    const parsed = DesignName.safeParse(name);
    if (!parsed.success) throw new CommandError('invalid_request', `"${name}" is not a valid design name.`);
    return join(this.dir, `${parsed.data}.json`);
  }

  async list(): Promise<DesignSummary[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CommandError('io', `Could not read the designs folder ${this.dir}: ${(error as Error).message}`);
    }
    const summaries: DesignSummary[] = [];
    for (const file of entries) {
      if (!file.endsWith('.json')) continue;
      const name = file.slice(0, -'.json'.length);
      if (!DesignName.safeParse(name).success) continue;
      const info = await stat(join(this.dir, file)).catch(() => null);
      if (!info?.isFile()) continue;
      summaries.push({ name, modifiedAt: info.mtime.toISOString(), bytes: info.size });
    }
    return summaries.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
  }

  async open(name: string): Promise<{ name: string; content: Record<string, unknown>; modifiedAt: string }> {
    const path = this.pathOf(name);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new CommandError('not_found', `There is no design named "${name}".`);
    }
    if (info.size > maxDesignBytes) {
      throw new CommandError('too_large', `The design "${name}" is ${(info.size / 1e6).toFixed(1)} MB; designs can be at most ${maxDesignBytes / 1e6} MB.`);
    }
    const text = await readFile(path, 'utf8');
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch (error) {
      throw new CommandError('invalid_request', `The design "${name}" is not valid JSON (${(error as Error).message}); the file is left untouched.`);
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      throw new CommandError('invalid_request', `The design "${name}" is not a JSON object.`);
    }
    const problem = checkJson(content);
    if (problem) throw new CommandError('invalid_request', `The design "${name}" was refused: ${problem}.`);
    return { name, content: content as Record<string, unknown>, modifiedAt: info.mtime.toISOString() };
  }

  async save(name: string, content: Record<string, unknown>, overwrite: boolean): Promise<DesignSummary> {
    const path = this.pathOf(name);
    const text = `${JSON.stringify(content, null, 2)}\n`;
    const bytes = Buffer.byteLength(text);
    if (bytes > maxDesignBytes) {
      throw new CommandError('too_large', `This design would be ${(bytes / 1e6).toFixed(1)} MB; designs can be at most ${maxDesignBytes / 1e6} MB.`);
    }
    await mkdir(this.dir, { recursive: true });
    if (!overwrite) {
      const exists = await stat(path).then(() => true, () => false);
      if (exists) throw new CommandError('conflict', `A design named "${name}" already exists; choose another name or overwrite it.`);
    }
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(temp, text, 'utf8');
      await rename(temp, path);
    } catch (error) {
      throw new CommandError('io', `Could not save "${name}" in ${this.dir}: ${(error as Error).message}`);
    }
    const info = await stat(path);
    return { name, modifiedAt: info.mtime.toISOString(), bytes: info.size };
  }
}

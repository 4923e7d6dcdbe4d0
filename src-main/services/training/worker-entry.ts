/**
 * Where a training worker's code comes from. The app runs the built file next to its entry
 * (out/main/training-worker.js); tests run the TypeScript source through tsx, which a worker can
 * only load from a small bootstrap evaluated as code (Node 20 does not apply `--import tsx` to a
 * worker's .ts entry).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** A file path or file: URL of the worker script, or code when `eval` is true. */
  filename: string | URL;
  eval?: boolean;
  /**
   * The worker's Node options; absent: the parent's. A built worker takes none, so a parent run
   * under a loader (`node --import tsx`, as the benchmarks are) does not load it into every thread.
   */
  execArgv?: string[];
}

/** The built worker beside an entry of the main build (pass the entry's import.meta.dirname). */
export function builtWorkerEntry(mainBuildDir: string): WorkerEntry {
  return { filename: join(mainBuildDir, 'training-worker.js'), execArgv: [] };
}

/** The worker's TypeScript source, loaded through tsx (tests and benchmarks of the source tree). */
export function sourceWorkerEntry(): WorkerEntry {
  const source = pathToFileURL(join(import.meta.dirname, '../../workers/training-worker.ts')).href;
  const tsconfig = join(import.meta.dirname, '../../../tsconfig.json');
  return {
    eval: true,
    filename: `import { register } from 'tsx/esm/api'; register({ tsconfig: ${JSON.stringify(tsconfig)} }); await import(${JSON.stringify(source)});`,
  };
}

/**
 * `deepwire train` keeps the trained model in the experiment database, as the app does, so a
 * command-line run can be continued; a diverged run keeps none. Runs the built command
 * (out/main/cli.js; `npx electron-vite build` first, as npm test does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelDocument } from '@shared/engine/model-document';
import { compileGraph } from '@shared/graph/compile';
import { GraphDoc } from '@shared/graph/doc';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
let scratch = '';

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` before this test.`);
  scratch = mkdtempSync(join(tmpdir(), 'deepwire-cli-model-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function train(args: string[]): { runId: string; status: string } {
  const result = spawnSync(process.execPath, [cli, 'train', ...args, '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DEEPWIRE_DATA: join(scratch, 'data') } });
  return JSON.parse(result.stdout) as { runId: string; status: string };
}

describe('deepwire train records the trained model', () => {
  it('keeps the final model document of a completed run, and none of a diverged one', () => {
    const db = join(scratch, 'models.db');
    const completed = train(['--dataset', 'moons', '--layers', '2,6,1', '--epochs', '3', '--db', db]);
    const diverged = train(['--dataset', 'moons', '--layers', '2,16,1', '--output', 'linear', '--optimizer', 'gd', '--lr', '50', '--epochs', '5', '--db', db]);
    expect([completed.status, diverged.status]).toEqual(['completed', 'diverged']);

    const file = new Database(db, { readonly: true });
    const docs = file.prepare('SELECT run_id, doc FROM models ORDER BY run_id').all() as { run_id: string; doc: string }[];
    file.close();
    expect(docs.map((row) => row.run_id)).toEqual([completed.runId]);
    const parsed = parseModelDocument(docs[0]!.doc);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.document).toMatchObject({ spec: { inputSize: 2 }, normalization: { kind: 'zscore' }, metadata: { training: { status: 'completed', epochs: 3, dataset: 'moons' } } });
  });

  it('keeps a --layers network as the design it amounts to, which compiles to the network the run trained', () => {
    const db = join(scratch, 'designs.db');
    const run = train(['--dataset', 'moons', '--layers', '2,6,4,1', '--activation', 'tanh', '--epochs', '2', '--db', db]);
    const file = new Database(db, { readonly: true });
    const row = file.prepare('SELECT r.design, d.name FROM runs r JOIN design_versions v ON v.id = r.design_version_id JOIN designs d ON d.id = v.design_id WHERE r.id = ?').get(run.runId) as { design: string; name: string };
    const model = file.prepare('SELECT doc FROM models WHERE run_id = ?').pluck().get(run.runId) as string;
    file.close();
    expect(row.name).toBe('layers 2,6,4,1');
    const compiled = compileGraph(GraphDoc.parse(JSON.parse(row.design)));
    const trained = parseModelDocument(model);
    expect(compiled.ok && trained.ok).toBe(true);
    if (!compiled.ok || !trained.ok) return;
    const shape = (spec: typeof compiled.spec) => spec.layers.map((layer) => (layer.kind === 'dense' ? `dense ${layer.units}` : layer.kind === 'activation' ? layer.fn : layer.kind));
    expect(shape(compiled.spec)).toEqual(shape(trained.document.spec));
    expect(shape(compiled.spec)).toEqual(['dense 6', 'tanh', 'dense 4', 'tanh', 'dense 1']);
  });
});

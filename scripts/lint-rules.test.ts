// The layering of DESIGN.md is enforced by lint: these cases prove the rules fire (and stay quiet).
import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { sharedLayers } from './lint-layers.mjs';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('; '));
  return result!.messages.filter((m) => m.ruleId === 'deepwire/layers').map((m) => m.message);
}

describe('src-shared may not import platform modules', () => {
  const forbidden = [
    "import { app } from 'electron';",
    "import { readFile } from 'node:fs/promises';",
    "import { join } from 'path';",
    "import { mount } from 'svelte';",
    "import { SvelteFlow } from '@xyflow/svelte';",
    "import { Chart } from 'chart.js';",
    "import Database from 'better-sqlite3';",
    "import { startWebHost } from '../../src-main/hosts/web-host';",
  ];
  for (const code of forbidden) {
    it(`refuses ${code}`, async () => {
      const errors = await restrictedImportErrors(`${code}\nexport const x = 1;\n`, 'src-shared/engine/example.ts');
      expect(errors.length).toBe(1);
    });
  }

  it('allows pure libraries and its own modules', async () => {
    const errors = await restrictedImportErrors("import { z } from 'zod';\nimport { ok } from '../api/result';\nexport const s = z.string(); export { ok };\n", 'src-shared/engine/example.ts');
    expect(errors).toEqual([]);
  });
});

describe('src-renderer may not import src-main', () => {
  it('refuses a relative import of src-main', async () => {
    const errors = await restrictedImportErrors("import { DesignStore } from '../../../src-main/services/designs';\nexport { DesignStore };\n", 'src-renderer/src/lib/example.ts');
    expect(errors.length).toBe(1);
  });
  it('refuses electron and node built-ins', async () => {
    const errors = await restrictedImportErrors("import { ipcRenderer } from 'electron';\nimport fs from 'node:fs';\nexport { ipcRenderer, fs };\n", 'src-renderer/src/lib/example.ts');
    expect(errors.length).toBe(2);
  });
  it('allows src-shared', async () => {
    const errors = await restrictedImportErrors("import { createClient } from '@shared/api';\nexport { createClient };\n", 'src-renderer/src/lib/example.ts');
    expect(errors).toEqual([]);
  });
});

describe('electron stays out of the parts of src-main that run under plain Node', () => {
  const files = [
    'src-main/services/example.ts',
    'src-main/hosts/example.ts',
    'src-main/cli/example.ts',
    'src-main/workers/example.ts',
    'src-main/data/example.ts',
    'src-main/queue/example.ts',
    'src-main/web.ts',
  ];
  const forms = [
    "import { ipcMain } from 'electron';\nexport { ipcMain };\n",
    "import type { WebContents } from 'electron';\nexport type W = WebContents;\n",
    "export { app } from 'electron/main';\n",
    "export const electron = await import('electron');\n",
    "export const electron = require('electron');\n",
  ];
  for (const file of files) {
    it(`refuses electron in ${file}, in every import form`, async () => {
      for (const code of forms) expect(await layerErrors(code, file), code).toHaveLength(1);
    });
  }

  it('allows Node and ordinary packages there, and electron in the shell (src-main/index.ts)', async () => {
    expect(await layerErrors("import { createServer } from 'node:http';\nimport { WebSocketServer } from 'ws';\nexport { createServer, WebSocketServer };\n", 'src-main/hosts/example.ts')).toEqual([]);
    expect(await layerErrors("import { app } from 'electron';\nexport { app };\n", 'src-main/index.ts')).toEqual([]);
  });
});

describe("src-shared's inner order is one-way", () => {
  const refused: [string, string][] = [
    ['src-shared/api/example.ts', '../training/run'],
    ['src-shared/api/example.ts', '../search/space'],
    ['src-shared/api/example.ts', '../graph/file'],
    ['src-shared/api/example.ts', '@shared/graph'],
    ['src-shared/engine/example.ts', '../training/run'],
    ['src-shared/engine/example.ts', '../search/space'],
    ['src-shared/engine/example.ts', '../graph/registry'],
    ['src-shared/engine/example.ts', '../data/dataset'],
    ['src-shared/engine/fast/example.ts', '../../data/dataset'],
    ['src-shared/engine/layers/example.ts', '@shared/training/run'],
    ['src-shared/data/example.ts', '../training/run'],
    ['src-shared/data/generators/example.ts', '../../training/metrics'],
    ['src-shared/graph/example.ts', '../api/designs'],
    ['src-shared/graph/example.ts', '@shared/api'],
    ['src-shared/graph/example.ts', '../../src-shared/api/contract'],
    ['src-shared/json/example.ts', '../engine/rng'],
  ];
  for (const [file, specifier] of refused) {
    it(`refuses ${specifier} from ${file}`, async () => {
      expect(await layerErrors(`import { x } from '${specifier}';\nexport { x };\n`, file)).toHaveLength(1);
      expect(await layerErrors(`export * from '${specifier}';\n`, file)).toHaveLength(1);
    });
  }

  const allowed: [string, string][] = [
    ['src-shared/graph/example.ts', '../json/json-guard'],
    ['src-shared/api/example.ts', '../json/json-guard'],
    ['src-shared/graph/example.ts', '../engine/spec'],
    ['src-shared/data/generators/example.ts', '../../engine/rng'],
    ['src-shared/training/example.ts', '../api/training'],
    ['src-shared/training/example.ts', '../graph/compile'],
    ['src-shared/engine/fast/example.ts', '../layers/dense'],
    // Tests may use fixtures from other folders.
    ['src-shared/engine/fast/example.test.ts', '../../data/generators/registry'],
  ];
  for (const [file, specifier] of allowed) {
    it(`allows ${specifier} from ${file}`, async () => {
      expect(await layerErrors(`import { x } from '${specifier}';\nexport { x };\n`, file)).toEqual([]);
    });
  }

  it('places every folder of src-shared in the order, so a new folder must choose its layer', () => {
    const folders = readdirSync(new URL('../src-shared', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const folder of folders) expect(Object.keys(sharedLayers), folder).toContain(folder);
  });

  it('has no cycle: the folders can be listed so that each imports only earlier ones', () => {
    const order: string[] = [];
    const remaining = new Map(Object.entries(sharedLayers as Record<string, string[]>));
    while (remaining.size > 0) {
      const ready = [...remaining].find(([, deps]) => deps.every((dep) => order.includes(dep)));
      expect(ready, `a cycle among ${[...remaining.keys()].join(', ')}`).toBeDefined();
      order.push(ready![0]);
      remaining.delete(ready![0]);
    }
    expect(order.indexOf('json')).toBe(0);
  });
});

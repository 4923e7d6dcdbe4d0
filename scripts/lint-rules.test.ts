// The layering of DESIGN.md is enforced by lint: these cases prove the rules fire (and stay quiet).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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

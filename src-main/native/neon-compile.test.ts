// The arm64 (NEON) kernel table compiles: no arm64 machine runs here, so the Debian cross compiler
// builds every native source for AArch64 with warnings as errors (.ci/run installs it; where it is
// missing the test says so and skips).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const compiler = '/usr/bin/aarch64-linux-gnu-gcc';
const sources = resolve(import.meta.dirname, '../../native/src');
const nodeHeaders = ['/usr/include/node', join(process.execPath, '../../include/node')].find((dir) => existsSync(join(dir, 'node_api.h')));
const missing = !existsSync(compiler) ? `${compiler} is not installed (apt-get install gcc-aarch64-linux-gnu)` : !nodeHeaders ? "Node's headers (node_api.h) were not found" : null;
if (missing) console.log(`NEON compile check skipped: ${missing}.`);

describe.skipIf(missing !== null)('the NEON kernel table', () => {
  const out = mkdtempSync(join(tmpdir(), 'deepwire-neon-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const compile = (args: string[]) => spawnSync(compiler, ['-O3', '-std=c11', '-ffp-contract=fast', '-fno-math-errno', '-Wall', '-Wextra', '-Werror', ...args], { encoding: 'utf8' });

  it('compiles for AArch64 with every native source and links into one module', () => {
    const objects: string[] = [];
    for (const [source, extra] of [
      ['kernels.c', ['-DDW_ISA=neon']],
      ['addon.c', [`-I${nodeHeaders}`, '-DNAPI_VERSION=8', '-DNODE_GYP_MODULE_NAME=deepwire_native']],
      ['train.c', []],
      ['scratch.c', []],
    ] as const) {
      const object = join(out, `${source}.o`);
      const result = compile([...extra, '-c', join(sources, source), '-o', object]);
      expect(result.stderr, `${source}: ${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
      objects.push(object);
    }
    const linked = spawnSync(compiler, ['-shared', '-o', join(out, 'deepwire_native.node'), ...objects, '-lm', '-Wl,--unresolved-symbols=ignore-all'], { encoding: 'utf8' });
    expect(linked.status, linked.stderr).toBe(0);
    // The module is AArch64 code with NEON's fused multiply-add in its GEMM.
    const objdump = spawnSync('/usr/bin/aarch64-linux-gnu-objdump', ['-d', join(out, 'kernels.c.o')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (objdump.status === 0) expect(objdump.stdout).toMatch(/\tfmla\t/);
  });
});

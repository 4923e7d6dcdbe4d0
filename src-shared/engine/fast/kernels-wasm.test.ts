// The embedded kernels are exactly what the committed AssemblyScript sources compile to, so the
// .wasm in git can never drift from assembly/*.ts (rebuild: `node scripts/build-wasm.mjs`).
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileKernels, generatedFile, renderGeneratedModule } from '../../../scripts/build-wasm.mjs';
import { decodeBase64 } from './base64';
import { kernelsWasmBase64, kernelsWasmByteLength, kernelsWasmSha256 } from './kernels-wasm.generated';
import { kernelsAvailable } from './kernels';
import { createRng } from '../rng';

describe('embedded WebAssembly kernels', () => {
  // Matching bytes compiled earlier (and committed) is also the check that the build is deterministic.
  it('match a fresh compile of assembly/*.ts', async () => {
    const first = await compileKernels();
    const embedded = decodeBase64(kernelsWasmBase64);
    expect(embedded.length).toBe(kernelsWasmByteLength);
    expect(createHash('sha256').update(embedded).digest('hex')).toBe(kernelsWasmSha256);
    expect(Buffer.from(embedded).equals(Buffer.from(first))).toBe(true);
    // ...and the generated file on disk is what the script would write now
    expect(readFileSync(generatedFile, 'utf8')).toBe(renderGeneratedModule(first));
  }, 60_000);

  it('compile and instantiate on this host (Node 20 has SIMD128)', () => {
    expect(kernelsAvailable()).toBe(true);
  });
});

describe('decodeBase64', () => {
  it('agrees with Buffer for every length 0…40 and random bytes', () => {
    const rng = createRng(5);
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
      const text = Buffer.from(bytes).toString('base64');
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
  });

  it('rejects text that is not base64', () => {
    expect(() => decodeBase64('ab$d')).toThrow(/invalid character at 2/);
    expect(() => decodeBase64('abcde')).toThrow(/impossible length/);
  });
});

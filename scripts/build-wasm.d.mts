// Types for build-wasm.mjs, so the TypeScript test that checks the embedded kernels stays strict.
export const entryFile: string;
export const generatedFile: string;
export const compilerFlags: readonly string[];
export function compileKernels(): Promise<Uint8Array>;
export function renderGeneratedModule(bytes: Uint8Array): string;

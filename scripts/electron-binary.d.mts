// Types for electron-binary.mjs, so TypeScript callers (e2e/electron.spec.ts) stay strict.
export function electronBinaryPath(root: string): string | null;
export function electronVersion(root: string): string | null;

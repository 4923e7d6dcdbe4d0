import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contractNames } from './src-shared/api/contract';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'src-shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // index imports electron; web (and later the cli) never do, so they run under plain Node.
        input: {
          index: resolve(root, 'src-main/index.ts'),
          web: resolve(root, 'src-main/web.ts'),
          cli: resolve(root, 'src-main/cli/index.ts'),
          // One thread per training run (services/training), found beside the entries at run time.
          'training-worker': resolve(root, 'src-main/workers/training-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    // The command and event names, derived from the contract here, so the preload carries no zod and no second list.
    define: { __DEEPWIRE_CONTRACT_NAMES__: JSON.stringify(contractNames) },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file with nothing left to require but electron.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias },
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});

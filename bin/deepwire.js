#!/usr/bin/env node
// The `deepwire` command: a launcher for the built CLI (out/main/cli.js), which runs under plain Node.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(`deepwire: the command is not built yet (${cli} is missing). Run \`npm run build\` in the Deepwire folder first.`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);

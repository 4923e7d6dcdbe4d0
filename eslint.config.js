// Lint: the layering rules of DESIGN.md, enforced rather than hoped for.
import { existsSync } from 'node:fs';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { layersPlugin, sharedForbidden, sharedLayers } from './scripts/lint-layers.mjs';

/** Node's built-in modules by their bare names, so `fs` is caught as well as `node:fs`. */
const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream',
  'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const platformModules = {
  patterns: [
    { regex: '^node:', message: 'src-shared runs anywhere: no Node built-ins (put this in src-main).' },
    { regex: '^electron(/|$)', message: 'src-shared runs anywhere: no electron.' },
    { regex: '^svelte(/|$)|\\.svelte$', message: 'src-shared runs anywhere: no Svelte (put this in src-renderer).' },
    { regex: '^@xyflow/', message: 'src-shared runs anywhere: no @xyflow (put this in src-renderer/src/lib/canvas).' },
    { regex: '^chart\\.js(/|$)', message: 'src-shared runs anywhere: no chart.js.' },
    { regex: '^better-sqlite3$', message: 'src-shared runs anywhere: no better-sqlite3 (the store lives in src-main/services).' },
    { regex: '^ws$', message: 'src-shared runs anywhere: no ws.' },
    { regex: '(^|/)src-(main|renderer)(/|$)', message: 'src-shared must not depend on src-main or src-renderer.' },
  ],
  paths: nodeBuiltins.map((name) => ({ name, message: 'src-shared runs anywhere: no Node built-ins.' })),
};

const rendererForbidden = {
  patterns: [
    { regex: '(^|/)src-main(/|$)', message: 'src-renderer talks to src-main only through the contract (lib/api.ts).' },
    { regex: '^(electron(/|$)|node:|better-sqlite3$|ws$)', message: 'src-renderer runs in a sandboxed page: no Node or Electron modules.' },
  ],
};

/** Folders of src-main that run under plain Node (tests, the web host, the CLI, workers): never electron. */
const electronFreeMain = ['src-main/services', 'src-main/hosts', 'src-main/cli', 'src-main/workers', 'src-main/data', 'src-main/queue'];
const noElectron = {
  module: '^electron(/|$)',
  message: 'this folder runs under plain Node (tests, the web host, the CLI): no electron; inject what it needs from src-main/index.ts.',
};

export default ts.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Typed lint: a switch over a union must name every member, so a new kind is flagged wherever
    // it needs handling. The project service reads tsconfig.json (src-shared, src-main and the root
    // configs); the renderer's .ts files hold no such switches and belong to no tsconfig.json.
    files: ['src-shared/**/*.ts', 'src-main/**/*.ts', '*.ts'],
    // Text linted for a path with no file behind it (the lint-rules tests) belongs to no project.
    ignores: [(path) => !existsSync(path)],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/switch-exhaustiveness-check': 'error' },
  },
  {
    // The renderer's own project (DOM types, Svelte), so its switches are checked the same way.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    ignores: [(path) => !existsSync(path)],
    languageOptions: { parserOptions: { project: './tsconfig.web.json', tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] } },
    rules: { '@typescript-eslint/switch-exhaustiveness-check': 'error' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', rendererForbidden] },
  },
  {
    files: ['src-shared/**'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', platformModules] },
  },
  { plugins: { deepwire: layersPlugin } },
  ...Object.keys(sharedLayers).map((folder) => ({
    files: [`src-shared/${folder}/**`],
    // Tests may borrow fixtures across folders (an engine test trains on generated data).
    ignores: ['src-shared/**/*.test.ts'],
    rules: { 'deepwire/layers': ['error', { forbidden: sharedForbidden(folder) }] },
  })),
  {
    files: [...electronFreeMain.map((folder) => `${folder}/**`), 'src-main/web.ts'],
    rules: { 'deepwire/layers': ['error', { forbidden: [noElectron] }] },
  },
);

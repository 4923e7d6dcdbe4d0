/**
 * The layering of DESIGN.md as an ESLint rule that resolves each import to the folder it reaches,
 * so `../training/run`, `@shared/training` and `../../src-shared/training` are the same dependency.
 * It sees static imports, `export … from`, `import()`, `require()` and `import x = require()`.
 */
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * src-shared's inner order: each folder and the folders it may import (one way, no cycles).
 * json is the floor (untrusted-JSON checks for api and graph); engine is the maths; the contract
 * (api) may describe engine, data and export values (the formats a model leaves in) but never reaches
 * training, search or graph.
 */
export const sharedLayers = {
  json: [],
  engine: ['json'],
  data: ['engine', 'json'],
  api: ['engine', 'data', 'export', 'json'],
  graph: ['engine', 'json'],
  training: ['api', 'data', 'engine', 'graph', 'json'],
  search: ['api', 'data', 'engine', 'graph', 'json', 'training'],
  export: ['engine', 'graph', 'json'],
  // Pure helpers of the History view (settings diff): used by src-main and src-renderer only.
  history: ['api', 'engine', 'json'],
};

/** The folders of src-shared that `folder` must not import, with the reason. */
export function sharedForbidden(folder) {
  const allowed = new Set([folder, ...sharedLayers[folder]]);
  return Object.keys(sharedLayers)
    .filter((other) => !allowed.has(other))
    .map((other) => ({
      target: `src-shared/${other}`,
      message: `src-shared/${folder} may import only ${sharedLayers[folder].join(', ') || 'no other src-shared folder'} (the one-way order in scripts/lint-layers.mjs), not ${other}.`,
    }));
}

/** The repository-relative path an import reaches, or null for a package. */
function resolveSpecifier(specifier, filename, cwd) {
  if (specifier.startsWith('@shared/') || specifier === '@shared') return `src-shared${specifier.slice('@shared'.length)}`;
  if (!specifier.startsWith('.')) return null;
  return relative(cwd, resolve(dirname(filename), specifier)).split(sep).join('/');
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each folder to the dependencies its layer allows (DESIGN.md).' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: {
            type: 'array',
            items: {
              type: 'object',
              properties: { target: { type: 'string' }, module: { type: 'string' }, message: { type: 'string' } },
              required: ['message'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const forbidden = (context.options[0]?.forbidden ?? []).map((rule) => ({ ...rule, module: rule.module ? new RegExp(rule.module) : null }));
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      const reached = resolveSpecifier(specifier, context.filename, context.cwd);
      for (const rule of forbidden) {
        const hitsModule = rule.module !== null && reached === null && rule.module.test(specifier);
        const hitsTarget = rule.target !== undefined && reached !== null && (reached === rule.target || reached.startsWith(`${rule.target}/`));
        if (hitsModule || hitsTarget) {
          context.report({ node, message: `'${specifier}': ${rule.message}` });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };

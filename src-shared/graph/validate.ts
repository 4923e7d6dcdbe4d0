/**
 * Validation: everything wrong (or worth knowing) about a design, as diagnostics attached to the
 * node or edge where the fix goes. Pure; runs on every edit, so it never throws on a half-built
 * document.
 */
import type { Diagnostic } from './diagnostics';
import type { GraphDoc } from './doc';
import { indexGraph, mainChain } from './graph-index';
import { chainRules, outputRules, paramRules, sizeRules } from './validate-network';
import { cycleRule, edgeRules, kindCountRules } from './validate-structure';

export interface ValidateOptions {
  /** The dataset's feature count, when one is chosen. */
  inputSize?: number;
  /** The dataset's output width (classes for softmax, 1 for a binary label), when one is chosen. */
  outputSize?: number;
  /** Refuse networks with more trainable parameters than this (default 50 million). */
  maxParameters?: number;
}

export { defaultMaxParameters, maxLayers } from './limits';

export function validateGraph(doc: GraphDoc, options: ValidateOptions = {}): Diagnostic[] {
  if (doc.nodes.length === 0) {
    return [
      {
        severity: 'error',
        code: 'empty-design',
        message: 'The design is empty; drag an Input, Dense layers, an output node and a Loss from the palette, or start from a template.',
      },
    ];
  }
  const index = indexGraph(doc);
  const out: Diagnostic[] = [];
  const chain = mainChain(index);
  edgeRules(doc, index, chain, out);
  cycleRule(index, out);
  kindCountRules(index, chain, out);
  paramRules(index, out);
  if (chain) chainRules(index, chain, out);
  outputRules(index, out);
  sizeRules(doc, index, chain, options, out);
  return out;
}

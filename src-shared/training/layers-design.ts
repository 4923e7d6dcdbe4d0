/**
 * The editor's document for the MLP shorthand (`deepwire train --layers 2,8,1`): the same network
 * mlpSpec builds, as a chain of canvas nodes, so a command-line run keeps a design like an app run
 * and History can restore it into the editor or continue it. compileGraph of the result gives
 * buildSpec's spec for the same options (layers-design.test.ts checks it).
 */
import { lossesForOutput, type OutputKind } from '../engine/spec';
import type { GraphDoc, NodeKind } from '../graph/doc';
import { chainDoc } from '../graph/templates';
import type { z } from 'zod';
import type { LayersModel } from './run-request';

const outputNode: Record<OutputKind, NodeKind> = {
  sigmoid: 'sigmoid-output',
  softmax: 'softmax-output',
  linear: 'linear-output',
};

export function layersDesign(model: z.output<typeof LayersModel>): GraphDoc {
  const sizes = model.layers;
  const output = model.output ?? (sizes.at(-1) === 1 ? 'sigmoid' : 'softmax');
  const steps: [NodeKind, Record<string, unknown>?][] = [['input', { size: sizes[0]! }]];
  for (let l = 1; l < sizes.length; l++) {
    const hidden = l < sizes.length - 1;
    // Batch norm's β replaces a hidden dense layer's bias, as in mlpSpec.
    steps.push(['dense', { units: sizes[l]!, useBias: !(hidden && model.batchNorm) }]);
    if (!hidden) break;
    if (model.batchNorm) steps.push(['batchnorm', { momentum: 0.9, epsilon: 1e-5 }]);
    steps.push(['activation', { fn: model.activation ?? 'relu' }]);
    if (model.keepProb !== undefined && model.keepProb < 1) steps.push(['dropout', { keepProb: model.keepProb }]);
  }
  steps.push([outputNode[output]], ['loss', { fn: lossesForOutput[output][0]! }]);
  return chainDoc(steps);
}

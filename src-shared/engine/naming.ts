/**
 * Stable names for layers and tensors, shared by every backend and by saved files: a layer uses
 * its spec `name` (the editor node id) when present, else its kind and 1-based position among
 * layers of that kind (dense1, bn1, act1, dropout1). Tensors are "<layer>.<W|b|gamma|beta>", and
 * batch norm's running statistics "<layer>.runningMean" / "<layer>.runningVar".
 */
import type { LayerSpec, ModelSpec } from './spec';
import type { ParameterRole } from './types';

const prefixes: Record<LayerSpec['kind'], string> = { dense: 'dense', batchnorm: 'bn', activation: 'act', dropout: 'dropout' };

/** One name per spec layer, in order; throws when two layers would share a name. */
export function layerNames(spec: Pick<ModelSpec, 'layers'>): string[] {
  const counts: Record<string, number> = {};
  const names = spec.layers.map((layer) => {
    const position = (counts[layer.kind] = (counts[layer.kind] ?? 0) + 1);
    return layer.name ?? `${prefixes[layer.kind]}${position}`;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`Two layers are both named "${name}"; layer names must be unique.`);
    seen.add(name);
  }
  return names;
}

export interface TensorLayout {
  name: string;
  layer: string;
  /** Trainable role, or 'running-stat' for batch norm's saved statistics. */
  role: ParameterRole | 'running-stat';
  rows: number;
  cols: number;
}

/** Every tensor a model of this spec holds, in model order (dense W is fan_in × fan_out). */
export function tensorLayout(spec: Pick<ModelSpec, 'inputSize' | 'layers'>): TensorLayout[] {
  const names = layerNames(spec);
  const tensors: TensorLayout[] = [];
  let size = spec.inputSize;
  spec.layers.forEach((layer, index) => {
    const name = names[index]!;
    if (layer.kind === 'dense') {
      tensors.push({ name: `${name}.W`, layer: name, role: 'weight', rows: size, cols: layer.units });
      if (layer.useBias) tensors.push({ name: `${name}.b`, layer: name, role: 'bias', rows: 1, cols: layer.units });
      size = layer.units;
    } else if (layer.kind === 'batchnorm') {
      tensors.push({ name: `${name}.gamma`, layer: name, role: 'gamma', rows: 1, cols: size });
      tensors.push({ name: `${name}.beta`, layer: name, role: 'beta', rows: 1, cols: size });
      tensors.push({ name: `${name}.runningMean`, layer: name, role: 'running-stat', rows: 1, cols: size });
      tensors.push({ name: `${name}.runningVar`, layer: name, role: 'running-stat', rows: 1, cols: size });
    }
  });
  return tensors;
}

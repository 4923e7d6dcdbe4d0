/**
 * The inspector's form for a node kind, generated from the registry's parameter schema (through
 * its JSON Schema, so bounds and choices come from the one definition), plus the wording a person
 * reads: labels, option names, steps, and which fields matter when.
 */
import { z } from 'zod';
import { activationName, lossName, nodeKindInfo, type LossOption, type NodeKind } from '@shared/graph';
import { activations } from '@shared/engine/activations';
import type { ActivationKind, LossKind } from '@shared/engine/spec';

type Params = Readonly<Record<string, number | string | boolean>>;

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  /** When the field matters; hidden otherwise (leaky ReLU's slope only for leaky ReLU). */
  relevant?: (params: Params) => boolean;
}
export interface NumberField extends FieldBase {
  type: 'number';
  integer: boolean;
  min?: number;
  max?: number;
  step: number | 'any';
}
export interface SelectField extends FieldBase {
  type: 'select';
  options: { value: string; label: string; disabled?: boolean }[];
}
export interface CheckboxField extends FieldBase {
  type: 'checkbox';
}
export type FieldSpec = NumberField | SelectField | CheckboxField;

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Wording by `kind.field`, then by field. */
const wording: Record<string, Partial<Pick<FieldBase, 'label' | 'hint' | 'relevant'>> & { step?: number | 'any' }> = {
  'input.source': { label: 'Size from' },
  'input.size': { label: 'Features', hint: 'n_x, the length of one example. With “From the dataset”, the dataset’s feature count replaces it when training.' },
  'dense.units': { label: 'Units', hint: 'n[l], the width of this layer.' },
  'dense.useBias': { label: 'Bias', hint: 'One learned offset b per unit.' },
  'activation.fn': { label: 'Function' },
  'activation.alpha': { label: 'Slope α', step: 0.01, hint: 'Leaky ReLU’s slope for z < 0.', relevant: (p) => activations[p.fn as ActivationKind]?.usesAlpha === true },
  'batchnorm.momentum': { label: 'Momentum β', step: 0.01, hint: 'Weight of the past in the running mean and variance used at test time.' },
  'batchnorm.epsilon': { label: 'Epsilon ε', step: 'any', hint: 'Added to the variance so the division stays finite.' },
  'dropout.keepProb': { label: 'Keep probability', step: 0.05, hint: 'keep_prob: 1 keeps every unit (no dropout).' },
  'loss.fn': { label: 'Loss function' },
};

const optionLabels: Record<string, (value: string) => string> = {
  'input.source': (v) => (v === 'dataset' ? 'From the dataset' : v === 'fixed' ? 'Fixed size' : v),
  'activation.fn': (v) => capital(activationName(v as ActivationKind)),
  'loss.fn': (v) => capital(lossName(v as LossKind)),
};

function humanize(name: string): string {
  return capital(name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

/** The form fields for a kind, in the schema's order. */
export function paramFields(kind: NodeKind): FieldSpec[] {
  const schema = z.toJSONSchema(nodeKindInfo(kind).schema) as { properties?: Record<string, JsonProperty> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const words = wording[`${kind}.${name}`] ?? {};
    const base: FieldBase = {
      name,
      label: words.label ?? humanize(name),
      ...(words.hint ? { hint: words.hint } : {}),
      ...(words.relevant ? { relevant: words.relevant } : {}),
    };
    if (property.type === 'boolean') return { ...base, type: 'checkbox' };
    if (Array.isArray(property.enum)) {
      const label = optionLabels[`${kind}.${name}`] ?? ((v: string) => v);
      return { ...base, type: 'select', options: property.enum.map((v) => ({ value: String(v), label: label(String(v)) })) };
    }
    const integer = property.type === 'integer';
    const min = property.minimum ?? property.exclusiveMinimum;
    const max = property.maximum ?? property.exclusiveMaximum;
    return {
      ...base,
      type: 'number',
      integer,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      step: words.step ?? (integer ? 1 : 'any'),
    };
  });
}

export type ReadField = { ok: true; value: number | string | boolean } | { ok: false; message: string };

/** What a field's raw input means; only whether it is a number at all is judged here, the schema does the rest. */
export function readFieldInput(field: FieldSpec, raw: string | boolean): ReadField {
  if (field.type === 'checkbox') return { ok: true, value: raw === true || raw === 'true' };
  if (field.type === 'select') return { ok: true, value: String(raw) };
  const text = String(raw).trim();
  if (text === '') return { ok: false, message: 'Enter a number.' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `“${text}” is not a number.` };
  return { ok: true, value };
}

/** A Loss's function field offering only the losses that fit its output; the others stay listed, disabled, with why. */
export function offerLosses(fields: FieldSpec[], choices: readonly LossOption[]): FieldSpec[] {
  return fields.map((field) => {
    if (field.type !== 'select' || field.name !== 'fn') return field;
    return {
      ...field,
      options: field.options.map((option) => {
        const reason = choices.find((c) => c.value === option.value)?.unfitReason ?? null;
        return reason ? { ...option, label: `${option.label} (${reason})`, disabled: true } : option;
      }),
    };
  });
}

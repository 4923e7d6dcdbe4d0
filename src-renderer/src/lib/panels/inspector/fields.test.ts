import { describe, expect, it } from 'vitest';
import { defaultParams, instantiateTemplate, lossOptions, nodeKinds, readParams, type NodeKind } from '@shared/graph';
import { activationKinds, lossKinds } from '@shared/engine/spec';
import { offerLosses, paramFields, readFieldInput, type NumberField } from './fields';

describe('paramFields', () => {
  it('offers exactly the parameters of each kind', () => {
    for (const kind of nodeKinds) {
      expect(paramFields(kind).map((f) => f.name).sort()).toEqual(Object.keys(defaultParams(kind)).sort());
    }
  });

  it('builds the Dense form: a whole-number units field with the schema’s bounds and a bias checkbox', () => {
    const [units, bias] = paramFields('dense');
    expect(units).toMatchObject({ name: 'units', label: 'Units', type: 'number', integer: true, min: 1, max: 4096, step: 1 });
    expect(bias).toMatchObject({ name: 'useBias', label: 'Bias', type: 'checkbox' });
  });

  it('number bounds agree with the registry’s own validation', () => {
    const probe = (kind: NodeKind, field: string, value: number) => readParams(kind, { ...defaultParams(kind), [field]: value }).ok;
    for (const kind of nodeKinds) {
      for (const field of paramFields(kind).filter((f): f is NumberField => f.type === 'number')) {
        // The bound itself is either accepted (inclusive) or the nearest value inside is; outside is refused.
        if (field.min !== undefined) {
          expect(probe(kind, field.name, field.min - 1)).toBe(false);
          expect(probe(kind, field.name, field.min) || probe(kind, field.name, field.min + 1e-6)).toBe(true);
        }
        if (field.max !== undefined) {
          expect(probe(kind, field.name, field.max + 1)).toBe(false);
          expect(probe(kind, field.name, field.max) || probe(kind, field.name, field.max - 1e-6)).toBe(true);
        }
        if (field.integer) expect(probe(kind, field.name, (field.min ?? 0) + 1.5)).toBe(false);
      }
    }
  });

  it('lists the choices of enum parameters with readable names', () => {
    const activation = paramFields('activation').find((f) => f.name === 'fn');
    expect(activation?.type === 'select' && activation.options.map((o) => o.value)).toEqual([...activationKinds]);
    expect(activation?.type === 'select' && activation.options[0]).toEqual({ value: 'relu', label: 'ReLU' });
    const loss = paramFields('loss')[0];
    expect(loss?.type === 'select' && loss.options.map((o) => o.value)).toEqual([...lossKinds]);
    expect(loss?.type === 'select' && loss.options.find((o) => o.value === 'binary-crossentropy')?.label).toBe('Binary cross-entropy');
    const source = paramFields('input').find((f) => f.name === 'source');
    expect(source?.type === 'select' && source.options.map((o) => o.label)).toEqual(['From the dataset', 'Fixed size']);
  });

  it('shows leaky ReLU’s slope only for leaky ReLU', () => {
    const alpha = paramFields('activation').find((f) => f.name === 'alpha')!;
    expect(alpha.relevant?.({ fn: 'relu', alpha: 0.01 })).toBe(false);
    expect(alpha.relevant?.({ fn: 'leaky-relu', alpha: 0.01 })).toBe(true);
  });

  it('output nodes have nothing to set', () => {
    expect(paramFields('softmax-output')).toEqual([]);
  });
});

describe('readFieldInput', () => {
  const [units, bias] = paramFields('dense');
  const [fn] = paramFields('activation');
  it('reads numbers, leaving range checks to the schema', () => {
    expect(readFieldInput(units!, ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(readFieldInput(units!, '0')).toEqual({ ok: true, value: 0 });
    expect(readFieldInput(units!, '')).toEqual({ ok: false, message: 'Enter a number.' });
    expect(readFieldInput(units!, 'abc')).toEqual({ ok: false, message: '“abc” is not a number.' });
    expect(readFieldInput(units!, 'Infinity').ok).toBe(false);
  });
  it('reads checkboxes and selects', () => {
    expect(readFieldInput(bias!, false)).toEqual({ ok: true, value: false });
    expect(readFieldInput(fn!, 'tanh')).toEqual({ ok: true, value: 'tanh' });
  });
});

describe('a Loss offered the losses that fit its output', () => {
  it('disables, and explains, the losses that do not fit', () => {
    const doc = instantiateTemplate('mnist')!;
    const loss = doc.nodes.find((n) => n.kind === 'loss')!;
    const [fn] = offerLosses(paramFields('loss'), lossOptions(doc, loss.id));
    if (fn?.type !== 'select') throw new Error('the loss function is a select');
    expect(fn.options.filter((o) => !o.disabled).map((o) => o.value)).toEqual(['categorical-crossentropy']);
    expect(fn.options.find((o) => o.value === 'mse')?.label).toMatch(/does not fit Softmax output/);
  });
});

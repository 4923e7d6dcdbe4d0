import { describe, expect, it } from 'vitest';
import { lossOptions } from './loss-options';
import { chainOf, docOf, node } from './test-fixtures';

const offered = (options: ReturnType<typeof lossOptions>) => options.filter((o) => o.unfitReason === null).map((o) => o.value);

describe('losses offered to a Loss node', () => {
  it('fit the output feeding it', () => {
    const softmax = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss'));
    expect(offered(lossOptions(softmax, 'loss-1'))).toEqual(['categorical-crossentropy']);
    expect(lossOptions(softmax, 'loss-1').find((o) => o.value === 'mse')?.unfitReason).toBe('does not fit Softmax output');
    const sigmoid = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('sigmoid-output-1', 'sigmoid-output'), node('loss-1', 'loss', { fn: 'binary-crossentropy' }));
    expect(offered(lossOptions(sigmoid, 'loss-1'))).toEqual(['binary-crossentropy', 'mse']);
    const linear = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('linear-output-1', 'linear-output'), node('loss-1', 'loss', { fn: 'mse' }));
    expect(offered(lossOptions(linear, 'loss-1'))).toEqual(['mse']);
  });

  it('are all offered while nothing is wired in', () => {
    expect(offered(lossOptions(docOf([node('loss-1', 'loss')], []), 'loss-1'))).toEqual(['categorical-crossentropy', 'binary-crossentropy', 'mse']);
  });
});

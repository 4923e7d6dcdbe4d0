import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng';
import { runStreams } from './seeds';

const draws = (rng: { next(): number }, n = 5) => Array.from({ length: n }, () => rng.next());

describe('runStreams', () => {
  it('with one seed gives the streams of that seed forked in order: data, model, batches', () => {
    const root = createRng(42);
    const expected = { data: draws(root.fork()), model: draws(root.fork()), batches: draws(root.fork()) };
    const streams = runStreams(42);
    expect({ data: draws(streams.data), model: draws(streams.model), batches: draws(streams.batches) }).toEqual(expected);
    const both = runStreams({ data: 42, model: 42 });
    expect({ data: draws(both.data), model: draws(both.model), batches: draws(both.batches) }).toEqual(expected);
  });

  it('the data seed moves only the data stream, the model seed only the weights and batch order', () => {
    const base = runStreams({ data: 1, model: 2 });
    const otherModel = runStreams({ data: 1, model: 3 });
    const otherData = runStreams({ data: 4, model: 2 });
    expect(draws(otherModel.data)).toEqual(draws(runStreams({ data: 1, model: 2 }).data));
    expect(draws(otherModel.model)).not.toEqual(draws(runStreams({ data: 1, model: 2 }).model));
    expect(draws(otherData.model)).toEqual(draws(base.model));
    expect(draws(otherData.batches)).toEqual(draws(base.batches));
    expect(draws(otherData.data)).not.toEqual(draws(runStreams({ data: 1, model: 2 }).data));
  });
});

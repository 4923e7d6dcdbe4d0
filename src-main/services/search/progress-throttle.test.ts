/** search:progress pacing: at most one message per search per interval, carrying every trial that changed meanwhile. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress-throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ProgressThrottle', () => {
  it('sends the first change at once, gathers the next ones until the interval has passed, and paces each search on its own', () => {
    const sent: [string, number[], number][] = [];
    const throttle = new ProgressThrottle({ send: (searchId, trials) => sent.push([searchId, trials, Date.now()]), intervalMs: 100, now: () => Date.now() });
    const t0 = Date.now();
    throttle.changed('search-1', [2]);
    throttle.changed('search-2', [0]);
    for (let ms = 0; ms < 250; ms += 10) {
      throttle.changed('search-1', [ms % 3]);
      vi.advanceTimersByTime(10);
    }
    throttle.changed('search-1', [7]);
    vi.advanceTimersByTime(500);
    const one = sent.filter(([id]) => id === 'search-1');
    expect(one.map(([, , at]) => at - t0)).toEqual([0, 100, 200, 300]);
    expect(one[0]![1]).toEqual([2]);
    expect(one[1]![1]).toEqual([0, 1, 2]);
    expect(one.at(-1)![1]).toEqual([0, 1, 2, 7]);
    expect(sent.filter(([id]) => id === 'search-2')).toEqual([['search-2', [0], t0]]);
  });

  it('sends what is waiting when disposed', () => {
    const sent: number[][] = [];
    const throttle = new ProgressThrottle({ send: (_id, trials) => sent.push(trials), intervalMs: 100, now: () => Date.now() });
    throttle.changed('search-1', [1]);
    throttle.changed('search-1', [4]);
    throttle.dispose();
    expect(sent).toEqual([[1], [4]]);
  });
});

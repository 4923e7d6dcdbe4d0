import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressBar, renderProgress } from './progress-bar';

describe('renderProgress', () => {
  it('fills the bar in proportion and estimates the rest from the elapsed time', () => {
    // 25 % done after 10 s → 30 s to go; 24 cells × 0.25 = 6 filled
    expect(renderProgress({ fraction: 0.25, label: 'epoch 1/4' }, 10_000)).toBe(`[${'█'.repeat(6)}${'░'.repeat(18)}]  25%  epoch 1/4  ETA 30s`);
    expect(renderProgress({ fraction: 1, label: 'done' }, 5000)).toBe(`[${'█'.repeat(24)}] 100%  done`);
  });

  it('formats durations in s, m and h', () => {
    expect(formatDuration(170)).toBe('0.2s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });
});

describe('ProgressBar', () => {
  function stream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, isTTY, columns: 80, write: (text: string) => writes.push(text) > 0 };
  }

  it('writes nothing when the stream is not a terminal', () => {
    const target = stream(false);
    const bar = new ProgressBar(target);
    bar.update({ fraction: 0.5, label: 'x' }, true);
    bar.finish();
    expect(target.writes).toEqual([]);
  });

  it('redraws in place at most every 100 ms unless forced, and clears the line at the end', () => {
    const target = stream(true);
    let clock = 0;
    const bar = new ProgressBar(target, () => clock);
    clock = 200;
    bar.update({ fraction: 0.1, label: 'a' });
    clock = 250;
    bar.update({ fraction: 0.2, label: 'b' });
    clock = 320;
    bar.update({ fraction: 0.3, label: 'c' });
    bar.update({ fraction: 0.4, label: 'd' }, true);
    bar.finish();
    expect(target.writes.map((w) => w.match(/ {2}([a-d])/)?.[1] ?? 'clear')).toEqual(['a', 'c', 'd', 'clear']);
    expect(target.writes.every((w) => w.startsWith('\r'))).toBe(true);
  });
});

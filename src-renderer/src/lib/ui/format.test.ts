import { describe, expect, it } from 'vitest';
import { formatBytes, timeAgo } from './format';

describe('timeAgo', () => {
  const now = Date.UTC(2025, 5, 15, 12, 0, 0);
  it('says how long ago in words', () => {
    expect(timeAgo(now - 10_000, now)).toBe('just now');
    expect(timeAgo(now + 5_000, now)).toBe('just now'); // a clock slightly ahead
    expect(timeAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(timeAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(timeAgo(now - 26 * 3_600_000, now)).toBe('yesterday');
    expect(timeAgo(now - 4 * 86_400_000, now)).toBe('4 days ago');
    expect(timeAgo(Date.UTC(2025, 0, 2), now)).toBe('2025-01-02');
  });
});

describe('formatBytes', () => {
  it('uses B, KB and MB', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});

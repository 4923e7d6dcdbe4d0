import { describe, expect, it } from 'vitest';
import { categoricalColor, rgbOf, withAlpha } from './palette';

describe('palette', () => {
  it('turns run colours into canvas colours with alpha', () => {
    expect(withAlpha('#ff0000', 0.25)).toBe('rgba(255, 0, 0, 0.25)');
    expect(withAlpha('hsl(120, 100%, 50%)', 0.5)).toBe('rgba(0, 255, 0, 0.5)');
    expect(rgbOf('#4e79a7')).toEqual([0x4e, 0x79, 0xa7]);
  });
  it('wraps around its ten hues', () => {
    expect(categoricalColor(10)).toBe(categoricalColor(0));
    expect(categoricalColor(-1)).toBe(categoricalColor(9));
  });
});

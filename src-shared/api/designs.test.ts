import { describe, expect, it } from 'vitest';
import { DesignName } from './designs';

function refusal(name: string): string | null {
  const parsed = DesignName.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'refused');
}

describe('DesignName', () => {
  it.each(['CON', 'con', 'Prn', 'AUX', 'nul', 'COM1', 'com9', 'COM0', 'LPT1', 'lpt9', 'COM¹', 'LPT³', 'LPT1.txt', 'con.tar.gz', 'NUL.', 'AUX .json', ' CON '])(
    'refuses %j, which Windows reserves (with any extension, in any case)',
    (name) => {
      expect(refusal(name)).toMatch(/^".*" is a name Windows reserves for a device/);
    },
  );

  it.each(['CONSOLE', 'Connor', 'COM10', 'LPT', 'Aux net', 'nul-model', 'My CON', 'COMA', 'com1net'])('accepts %j, which only looks like a reserved name', (name) => {
    expect(refusal(name)).toBeNull();
  });

  it.each([
    ['\u3164', 'U+3164'],
    ['Moons\u3164', 'U+3164'],
    ['\uFFA0', 'U+FFA0'],
    ['\u115F', 'U+115F'],
    ['a\u1160b', 'U+1160'],
    ['a\u200Bb', 'U+200B'],
    ['a\u200Db', 'U+200D'],
    ['x\u2060', 'U+2060'],
    ['so\u00ADft', 'U+00AD'],
    ['a\u034Fb', 'U+034F'],
    ['a\u180Eb', 'U+180E'],
    ['a\u2800b', 'U+2800'],
    ['a\u3000b', 'U+3000'],
    ['a\u00A0b', 'U+00A0'],
  ])('refuses %j, which holds an invisible or blank-looking character, naming it', (name, codePoint) => {
    expect(refusal(name)).toBe(`a design name cannot contain invisible or blank-looking characters (it has ${codePoint})`);
  });

  it('still accepts ordinary names in any script', () => {
    for (const name of ['Course net 2-10-5-1', 'Réseau (v2)', '한글 모델', 'モデル_1', 'Moons.v2']) expect(refusal(name), name).toBeNull();
  });
});

/**
 * What a design may be called. The name is also its file name (`<name>.json`), and Deepwire ships
 * for Windows, so the rules are the strictest of the platforms; the save dialog, the store and
 * every host parse names with this one schema, so they always agree.
 */
import { z } from 'zod';

/**
 * Device names Windows reserves in every folder, whatever follows the first dot ("LPT1.txt") and
 * with trailing spaces or dots stripped ("NUL."); Windows lists the superscript digits too.
 */
const windowsReserved = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$/i;

/**
 * Characters that draw nothing or look like a space: Unicode's default-ignorable and format
 * characters (zero-width joiners, soft hyphen, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0),
 * controls, separators other than the plain space, and the blank braille pattern.
 */
const invisible = /(?! )[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Z}\u2800]/u;

/** The base name Windows compares with its device names: up to the first dot, trailing spaces and dots dropped. */
function windowsBaseName(name: string): string {
  return name.split('.')[0]!.replace(/[ .]+$/, '');
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const DesignName = z
  .string()
  .trim()
  .min(1, 'a design name cannot be empty')
  .max(100, 'a design name can have at most 100 characters')
  .superRefine((name, ctx) => {
    const hidden = invisible.exec(name);
    if (hidden) ctx.addIssue({ code: 'custom', message: `a design name cannot contain invisible or blank-looking characters (it has ${codePoint(hidden[0])})` });
  })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _().-]*$/u, 'a design name may use letters, digits, spaces and _ ( ) . - and must start with a letter or digit')
  .superRefine((name, ctx) => {
    if (windowsReserved.test(windowsBaseName(name))) {
      ctx.addIssue({ code: 'custom', message: `"${name}" is a name Windows reserves for a device, so it cannot name a file there; choose another name` });
    }
  });

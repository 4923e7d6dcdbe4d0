import { describe, expect, it } from 'vitest';
import { maxImportChars } from '@shared/api';
import { importSizeCheck, importTextProblem } from './history-files';

describe('import size', () => {
  it('refuses a file too big before sending it, with the command-line way to import it', () => {
    expect(importSizeCheck(1000)).toBe('ok');
    expect(importSizeCheck(maxImportChars + 1)).toBe('read');
    expect(importSizeCheck(maxImportChars * 4 + 1)).toBe('too-big');
    expect(importTextProblem('{}')).toBeNull();
    expect(importTextProblem(' '.repeat(maxImportChars + 1))).toContain('deepwire history --import FILE');
  });
});

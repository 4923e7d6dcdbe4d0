/**
 * A JSON syntax check that runs before JSON.parse: it finds where a file stops being JSON (as a
 * line and column, the same on every JavaScript engine), tells a cut-off file from a garbled
 * one, and refuses deep nesting without recursing, so a hostile file cannot exhaust the stack.
 */
export type JsonScanProblem =
  | { kind: 'syntax'; offset: number; line: number; column: number; expected: string }
  | { kind: 'truncated'; offset: number; line: number; column: number }
  | { kind: 'too-deep'; offset: number; line: number; column: number; maxDepth: number };

type Expect = 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'end';

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Returns null for well-formed JSON nested at most `maxDepth` deep, else where and why it fails. */
export function scanJson(text: string, maxDepth: number): JsonScanProblem | null {
  const n = text.length;
  const containers: number[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const at = (offset: number) => lineColumn(text, offset);
  const syntax = (offset: number, expected: string): JsonScanProblem => ({ kind: 'syntax', offset, ...at(offset), expected });
  const truncated = (): JsonScanProblem => ({ kind: 'truncated', offset: n, ...at(n) });
  const afterValue = (): Expect => (containers.length > 0 ? 'comma-or-close' : 'end');

  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) return expect === 'end' ? null : truncated();
    const c = text.charCodeAt(i);
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (expect === 'value-or-close' && c === CLOSE_ARRAY) {
          containers.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          containers.push(c);
          if (containers.length > maxDepth) return { kind: 'too-deep', offset: i, ...at(i), maxDepth };
          i++;
          expect = c === OPEN_OBJECT ? 'key-or-close' : 'value-or-close';
          break;
        }
        const end = c === QUOTE ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i);
        if (end === 'truncated') return truncated();
        if (typeof end === 'object') return syntax(end.at, end.expected);
        i = end;
        expect = afterValue();
        break;
      }
      case 'key-or-close':
      case 'key': {
        if (expect === 'key-or-close' && c === CLOSE_OBJECT) {
          containers.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c !== QUOTE) return syntax(i, expect === 'key' ? 'a property name in double quotes' : "a property name in double quotes or '}'");
        const end = scanString(text, i);
        if (end === 'truncated') return truncated();
        if (typeof end === 'object') return syntax(end.at, end.expected);
        i = end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== COLON) return syntax(i, "':' after the property name");
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const inObject = containers.at(-1) === OPEN_OBJECT;
        if (c === COMMA) {
          i++;
          expect = inObject ? 'key' : 'value';
        } else if (c === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          containers.pop();
          i++;
          expect = afterValue();
        } else {
          return syntax(i, inObject ? "',' or '}'" : "',' or ']'");
        }
        break;
      }
      case 'end':
        return syntax(i, 'the end of the file (there is more after the document)');
    }
  }
}

type Scan = number | 'truncated' | { at: number; expected: string };

function scanString(text: string, start: number): Scan {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return { at: i, expected: 'a closing quote before the line ends (control characters must be escaped)' };
    if (c === BACKSLASH) {
      if (i + 1 >= n) return 'truncated';
      const e = text[i + 1]!;
      if (e === 'u') {
        for (let k = 2; k < 6; k++) {
          if (i + k >= n) return 'truncated';
          if (!/[0-9a-fA-F]/.test(text[i + k]!)) return { at: i + k, expected: 'four hex digits after \\u' };
        }
        i += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(e)) return { at: i + 1, expected: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)' };
      i += 2;
      continue;
    }
    i++;
  }
  return 'truncated';
}

function scanNumber(text: string, start: number): Scan {
  const n = text.length;
  let i = start;
  const digits = (): number => {
    const from = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i - from;
  };
  if (text.charCodeAt(i) === 0x2d) i++;
  if (i >= n) return 'truncated';
  if (text.charCodeAt(i) === 0x30) i++;
  else if (digits() === 0) return { at: i, expected: 'a digit' };
  if (i < n && text[i] === '.') {
    i++;
    if (i >= n) return 'truncated';
    if (digits() === 0) return { at: i, expected: 'a digit after the decimal point' };
  }
  if (i < n && (text[i] === 'e' || text[i] === 'E')) {
    i++;
    if (i < n && (text[i] === '+' || text[i] === '-')) i++;
    if (i >= n) return 'truncated';
    if (digits() === 0) return { at: i, expected: 'a digit in the exponent' };
  }
  return i;
}

function scanLiteral(text: string, start: number): Scan {
  for (const word of ['true', 'false', 'null']) {
    const piece = text.slice(start, start + word.length);
    if (piece === word) return start + word.length;
    // A literal cut off by the end of the file, e.g. "tr".
    if (start + piece.length === text.length && piece.length > 0 && word.startsWith(piece)) return 'truncated';
  }
  return { at: start, expected: 'a value (an object, array, string, number, true, false or null)' };
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

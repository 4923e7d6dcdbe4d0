/**
 * Design files: reading refuses anything that is not a design this version understands, with a
 * message that says what is wrong and where; it never throws. Writing is pretty JSON. This parser
 * is the one gate for every way a design arrives: the editor's import, the design store (open and
 * save), autosave recovery and the command line's --graph.
 */
import { checkJson, defaultJsonLimits } from '../json/json-guard';
import { scanJson } from '../json/json-scan';
import { GraphDoc, graphDocFormat, graphDocVersion, nodeKinds } from './doc';

/**
 * `problem` says what is wrong; `message` adds what to do about it when opening a file.
 * Neither quotes the text beyond short values it names (a kind, an id), so an error never leaks a file.
 */
export type ParseDesignResult = { ok: true; doc: GraphDoc } | { ok: false; message: string; problem: string };

/**
 * The one size limit of a design file, wherever it comes from (import, store, --graph): a design
 * of 500 nodes is well under 1 MB. Decimal megabytes, as file managers show sizes.
 */
export const maxDesignBytes = 5_000_000;

/** Sizes as people read them: "812 bytes", "40 kB", "5 MB", "7.3 MB" (decimal units). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

/**
 * null when `bytes` may hold a design, else why not: "this file is 7.3 MB; a design file can be at
 * most 5 MB" (`subject` replaces "this file is", e.g. "it would be" for a save).
 */
export function designSizeProblem(bytes: number, subject = 'this file is'): string | null {
  if (bytes <= maxDesignBytes) return null;
  const limit = formatFileSize(maxDesignBytes);
  const size = formatFileSize(bytes);
  return `${subject} ${size === limit ? `just over ${limit}` : size}; a design file can be at most ${limit}`;
}

/** UTF-8 length of a string: 1 byte below U+0080, 2 below U+0800, 4 for a surrogate pair, else 3. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Short values from a file may be named in a message; longer ones are cut, so a message never carries a file. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const knownFormats: Record<string, string> = {
  'deepwire-weights': 'a file of trained weights',
  'deepwire-selection': 'copied canvas nodes',
};

export function parseDesignFile(text: string): ParseDesignResult {
  if (typeof text !== 'string') return fail('This file could not be read as text.');
  // A UTF-8 file has at least as many bytes as its text has UTF-16 units, so the cheap test comes first.
  const tooLarge = designSizeProblem(text.length > maxDesignBytes ? text.length : utf8ByteLength(text));
  if (tooLarge) return fail(`${capitalized(tooLarge)}, so it is not a Deepwire design.`);
  // Editors on Windows may start a UTF-8 file with a byte-order mark; JSON does not allow one.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return fail('This file is empty; it may have been cut off while saving.', 'Open a backup or start a new design.');
  const problem = scanJson(body, defaultJsonLimits.maxDepth);
  if (problem) {
    const where = `line ${problem.line}, column ${problem.column}`;
    switch (problem.kind) {
      case 'truncated':
        return fail(`This file ends too early (at ${where}): it looks cut off, perhaps while saving or copying.`, 'Open a backup or an earlier copy.');
      case 'too-deep':
        return fail(`This file is nested more than ${problem.maxDepth} levels deep (at ${where}); a design never is, so it was not opened.`);
      case 'syntax':
        return fail(`This file is not valid JSON: expected ${problem.expected} at ${where}.`, 'Fix it in a text editor or open another copy.');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // The scan above accepts only what JSON.parse accepts; this is a safety net, not a path. The
    // engine's own message is left out: it quotes the text, which may not be the person's to see.
    return fail('This file is not valid JSON.');
  }
  const hostile = checkJson(value);
  if (hostile) return fail(`This file was not opened because ${hostile}; a Deepwire design never contains that.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`This is not a Deepwire design: it holds ${Array.isArray(value) ? 'a list' : `a single ${value === null ? 'null' : typeof value}`}, not a design object.`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== graphDocFormat) {
    if (typeof record.format === 'string') {
      const what = knownFormats[record.format];
      return fail(`This is ${what ?? `a '${short(record.format)}' file`}, not a Deepwire design.`, 'Open a file saved from the design canvas.');
    }
    return fail(`This is not a Deepwire design: it has no "format": "${graphDocFormat}" field.`, 'Open a file saved from the design canvas.');
  }
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`This design has no valid version number (found ${short(JSON.stringify(version) ?? 'none')}); it may have been edited by hand.`, `Set "version": ${graphDocVersion}.`);
  }
  if (version > graphDocVersion) {
    return fail(`This design was made by a newer Deepwire (version ${version}); this one reads version ${graphDocVersion}.`, 'Update Deepwire to open it.');
  }
  const unknownKind = unknownNodeKind(record.nodes);
  if (unknownKind) return fail(unknownKind);
  const parsed = GraphDoc.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'the design'}: ${issue.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return fail(`This design has invalid content: ${issues.join('; ')}${more}.`, 'Fix it in a text editor or open another copy.');
  }
  const duplicate = duplicateId(parsed.data);
  if (duplicate) return fail(duplicate);
  return { ok: true, doc: parsed.data };
}

/** Pretty JSON, ending with a newline, in the document's own key order. */
export function serializeDesign(doc: GraphDoc): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

function unknownNodeKind(nodes: unknown): string | null {
  if (!Array.isArray(nodes)) return null;
  const known: readonly string[] = nodeKinds;
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const { kind, id } = node as { kind?: unknown; id?: unknown };
    if (typeof kind === 'string' && !known.includes(kind)) {
      return `Node ${typeof id === 'string' ? `'${short(id)}' ` : ''}has the kind '${short(kind)}', which this Deepwire does not know (it knows ${nodeKinds.join(', ')}); it may come from a newer version.`;
    }
  }
  return null;
}

function duplicateId(doc: GraphDoc): string | null {
  const seen = new Set<string>();
  for (const node of doc.nodes) {
    if (seen.has(node.id)) return `Two nodes share the id '${node.id}'; every node needs its own id, so rename one in a text editor.`;
    seen.add(node.id);
  }
  seen.clear();
  for (const edge of doc.edges) {
    if (seen.has(edge.id)) return `Two connections share the id '${edge.id}'; every connection needs its own id, so rename one in a text editor.`;
    seen.add(edge.id);
  }
  return null;
}

function fail(problem: string, advice?: string): ParseDesignResult {
  return { ok: false, problem, message: advice ? `${problem} ${advice}` : problem };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

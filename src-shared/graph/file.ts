/**
 * Design files: reading refuses anything that is not a design this version understands, with a
 * message that says what is wrong and where; it never throws. Writing is pretty JSON.
 */
import { checkJson, defaultJsonLimits } from '../json/json-guard';
import { GraphDoc, graphDocFormat, graphDocVersion, nodeKinds } from './doc';
import { scanJson } from '../json/json-scan';

export type ParseDesignResult = { ok: true; doc: GraphDoc } | { ok: false; message: string };

/** Larger text is refused before it is parsed: a design of 500 nodes is well under 1 MB. */
export const maxDesignFileChars = 50 * 1024 * 1024;

const knownFormats: Record<string, string> = {
  'deepwire-weights': 'a file of trained weights',
  'deepwire-selection': 'copied canvas nodes',
};

export function parseDesignFile(text: string): ParseDesignResult {
  if (typeof text !== 'string') return fail('This file could not be read as text.');
  if (text.length > maxDesignFileChars) {
    return fail(`This file is ${(text.length / 1024 / 1024).toFixed(0)} MB; a design is far smaller (the limit is 50 MB), so it is not a Deepwire design.`);
  }
  // Editors on Windows may start a UTF-8 file with a byte-order mark; JSON does not allow one.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return fail('This file is empty; it may have been cut off while saving. Open a backup or start a new design.');
  const problem = scanJson(body, defaultJsonLimits.maxDepth);
  if (problem) {
    const where = `line ${problem.line}, column ${problem.column}`;
    switch (problem.kind) {
      case 'truncated':
        return fail(`This file ends too early (at ${where}): it looks cut off, perhaps while saving or copying. Open a backup or an earlier copy.`);
      case 'too-deep':
        return fail(`This file is nested more than ${problem.maxDepth} levels deep (at ${where}); a design never is, so it was not opened.`);
      case 'syntax':
        return fail(`This file is not valid JSON: expected ${problem.expected} at ${where}. Fix it in a text editor or open another copy.`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // The scan above accepts only what JSON.parse accepts; this is a safety net, not a path.
    return fail(`This file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
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
      return fail(`This is ${what ?? `a '${record.format}' file`}, not a Deepwire design; open a file saved from the design canvas.`);
    }
    return fail(`This is not a Deepwire design: it has no "format": "${graphDocFormat}" field. Open a file saved from the design canvas.`);
  }
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`This design has no valid version number (found ${JSON.stringify(version) ?? 'none'}); it may have been edited by hand. Set "version": ${graphDocVersion}.`);
  }
  if (version > graphDocVersion) {
    return fail(`This design was made by a newer Deepwire (version ${version}); this one reads version ${graphDocVersion}. Update Deepwire to open it.`);
  }
  const unknownKind = unknownNodeKind(record.nodes);
  if (unknownKind) return fail(unknownKind);
  const parsed = GraphDoc.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'the design'}: ${issue.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return fail(`This design has invalid content: ${issues.join('; ')}${more}. Fix it in a text editor or open another copy.`);
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
      return `Node ${typeof id === 'string' ? `'${id}' ` : ''}has the kind '${kind}', which this Deepwire does not know (it knows ${nodeKinds.join(', ')}); it may come from a newer version.`;
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

function fail(message: string): ParseDesignResult {
  return { ok: false, message };
}

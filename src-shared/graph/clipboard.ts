/**
 * Copy and paste: a selection travels as a small JSON document, so it can pass through the
 * system clipboard (and between windows). Pasting treats that text as untrusted input.
 */
import { z } from 'zod';
import { checkJson } from '../json/json-guard';
import { GraphEdge, GraphNode, type GraphDoc, type Position } from './doc';
import { insertFragment } from './fragment';
import { maxDesignBytes } from './file';
import { maxEdges, maxNodes } from './limits';

export const clipboardFormat = 'deepwire-selection';

const Clipboard = z
  .object({
    format: z.literal(clipboardFormat),
    version: z.literal(1),
    nodes: z.array(GraphNode).max(maxNodes),
    edges: z.array(GraphEdge).max(maxEdges),
  })
  .strict();
type Clipboard = z.infer<typeof Clipboard>;

/** A selection is part of a design, so clipboard text over the design limit is not one. */
const maxClipboardChars = maxDesignBytes;

/** The selected nodes and the connections among them, as clipboard text. */
export function copySelection(doc: GraphDoc, ids: readonly string[]): string {
  const chosen = new Set(ids);
  const selection: Clipboard = {
    format: clipboardFormat,
    version: 1,
    nodes: doc.nodes.filter((n) => chosen.has(n.id)),
    edges: doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)),
  };
  return JSON.stringify(selection);
}

export type PasteResult = { ok: true; doc: GraphDoc; ids: string[] } | { ok: false; reason: string };

/** Adds the clipboard's nodes with fresh ids, shifted by `offset`, keeping their connections. */
export function pasteClipboard(doc: GraphDoc, text: string, offset: Position = { x: 40, y: 40 }): PasteResult {
  const notSelection: PasteResult = { ok: false, reason: 'The clipboard does not hold Deepwire nodes; copy some nodes on the canvas first.' };
  if (text.length > maxClipboardChars) return notSelection;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return notSelection;
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== clipboardFormat) return notSelection;
  const hostile = checkJson(value);
  if (hostile) return { ok: false, reason: `The clipboard's nodes cannot be pasted: ${hostile}.` };
  const parsed = Clipboard.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    return { ok: false, reason: `The clipboard's nodes cannot be pasted (${where}${issue?.message ?? 'unreadable'}); copy them again.` };
  }
  return insertFragment(doc, parsed.data.nodes, parsed.data.edges, offset);
}

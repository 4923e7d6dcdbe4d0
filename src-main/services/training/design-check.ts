/**
 * The design a run is asked to train, read with the editor's own parser and compiler: a design
 * the canvas would flag is refused with the canvas's diagnostics, one per line with its node.
 */
import { CommandError } from '@shared/api';
import { compileGraph } from '@shared/graph/compile';
import type { GraphDoc } from '@shared/graph/doc';
import { parseDesignFile } from '@shared/graph/file';
import { nodeDisplayName } from '@shared/graph/node-names';

export function checkedDesign(design: Record<string, unknown>, purpose: 'trained' | 'checked'): GraphDoc {
  const parsed = parseDesignFile(JSON.stringify(design));
  if (!parsed.ok) throw new CommandError('invalid_request', `The design cannot be ${purpose}: ${parsed.problem}`);
  const doc = parsed.doc;
  const compiled = compileGraph(doc);
  if (!compiled.ok) {
    const nodes = new Map(doc.nodes.map((node) => [node.id, node]));
    const lines = compiled.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => {
        const node = d.nodeId === undefined ? undefined : nodes.get(d.nodeId);
        return `- ${node ? `${nodeDisplayName(node)}: ` : ''}${d.message}`;
      });
    throw new CommandError('invalid_request', `The design cannot be ${purpose} until these are fixed:\n${lines.join('\n')}`);
  }
  return doc;
}

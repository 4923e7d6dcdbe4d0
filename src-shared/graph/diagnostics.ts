/**
 * Diagnostics: every problem validation finds, as data. Codes are stable strings (tests, the
 * canvas and the CLI match on them); messages are sentences a person can act on.
 */
export const diagnosticCodes = [
  'empty-design',
  'no-input',
  'multiple-inputs',
  'no-output',
  'multiple-outputs',
  'no-loss',
  'multiple-losses',
  'cycle',
  'self-loop',
  'chain-broken',
  'dangling-node',
  'dangling-edge',
  'duplicate-edge',
  'input-taken',
  'output-branches',
  'input-has-no-input',
  'loss-has-no-output',
  'invalid-param',
  'input-size-mismatch',
  'output-size-mismatch',
  'output-not-last',
  'loss-needs-output',
  'output-needs-dense',
  'loss-unfit',
  'softmax-one-unit',
  'sigmoid-many-units',
  'dense-without-activation',
  'too-many-layers',
  'too-many-parameters',
  'bias-dropped',
] as const;
export type DiagnosticCode = (typeof diagnosticCodes)[number];

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** A sentence that names the fix. */
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** For parameter problems: the parameter's name, so the inspector can show it beside the field. */
  field?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The diagnostics attached to one node (those attached only to its edges are asked for per edge). */
export function diagnosticsForNode(diagnostics: readonly Diagnostic[], nodeId: string): Diagnostic[] {
  return diagnostics.filter((d) => d.nodeId === nodeId);
}

export function diagnosticsForEdge(diagnostics: readonly Diagnostic[], edgeId: string): Diagnostic[] {
  return diagnostics.filter((d) => d.edgeId === edgeId);
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; stable within a severity. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => severityOrder[a.d.severity] - severityOrder[b.d.severity] || a.i - b.i)
    .map((x) => x.d);
}

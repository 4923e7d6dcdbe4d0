/**
 * The design document's public API: what the canvas, the inspector, the services and the CLI use.
 * Import from '@shared/graph' rather than the individual files.
 */
export * from './doc';
export {
  nodeRegistry,
  nodeKindInfo,
  paletteKinds,
  defaultParams,
  readParams,
  describeNode,
  activationName,
  lossName,
  InputParams,
  DenseParams,
  ActivationParams,
  BatchNormParams,
  DropoutParams,
  NoParams,
  LossParams,
  type ParamsByKind,
  type NodeRole,
  type NodeKindInfo,
  type ParamIssue,
  type ParamsResult,
} from './registry';
export {
  diagnosticCodes,
  hasErrors,
  diagnosticsForNode,
  diagnosticsForEdge,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from './diagnostics';
export { inferShapes, formatShape, formatBytes, trainingBytesPerParameter, type NodeShape, type ShapeOptions, type ShapeReport } from './shapes';
export { validateGraph, defaultMaxParameters, maxLayers, type ValidateOptions } from './validate';
export { nodeDisplayName } from './node-names';
export { lossOptions, type LossOption } from './loss-options';
export { canConnect, type ConnectCheck } from './can-connect';
export { compileGraph, type CompileOptions, type CompileResult } from './compile';
export { designTemplates, templateById, instantiateTemplate, type DesignTemplate } from './templates';
export { addNode, removeNodes, connect, checkConnection, prepareConnection, disconnect, updateParams, moveNodes, duplicate, type EditResult, type EditFailure } from './edit';
export { copySelection, pasteClipboard, clipboardFormat, type PasteResult } from './clipboard';
export { maxNodes, maxEdges } from './limits';
export { autoLayout, layoutColumnWidth, layoutRowHeight } from './layout';
export { History, moveKey, paramKey, defaultHistoryLimit, type HistoryOptions } from './history';
export { designSizeProblem, formatFileSize, maxDesignBytes, parseDesignFile, serializeDesign, utf8ByteLength, type ParseDesignResult } from './file';

/**
 * The formats a trained model leaves Deepwire in, described once: the CLI's --format, the app's
 * Export… choices, file names and the exporters (src-main/export/exporters.ts, a Record over these).
 */
export const exportFormats = ['onnx', 'pytorch', 'keras'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportFormatInfo {
  /** What a person picks. */
  label: string;
  /** The main file's extension, with its dot. */
  extension: string;
  mediaType: string;
  /** One line of help (CLI and the app's chooser). */
  help: string;
  /** Whether the script reads the model document written beside it (`<name>.model.json`). */
  sidecar: boolean;
}

export const exportFormatInfo: Record<ExportFormat, ExportFormatInfo> = {
  onnx: { label: 'ONNX', extension: '.onnx', mediaType: 'application/octet-stream', help: 'for deployment: every ONNX runtime reads it (inference only)', sidecar: false },
  pytorch: { label: 'PyTorch', extension: '.py', mediaType: 'text/x-python', help: 'a readable nn.Module script that loads the weights and can keep training', sidecar: true },
  keras: { label: 'Keras', extension: '.py', mediaType: 'text/x-python', help: 'the same as a keras.Sequential script', sidecar: true },
};

/** The sidecar (the model document) of a script exported to `scriptPath`: `model.py` → `model.model.json`. */
export function sidecarPath(scriptPath: string): string {
  return `${scriptPath.replace(/\.py$/i, '')}.model.json`;
}

/** A file-name stem from a run's label or a design's name: letters, digits, - and _ only. */
export function exportStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return stem || 'model';
}

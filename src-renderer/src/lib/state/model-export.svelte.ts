/**
 * "Export model…" on a run (the History detail and the Run tab): the chooser's state — open or
 * closed, the format picked, the export on its way, the host's refusal shown where it was asked —
 * and the export itself: history:exportModel, then each returned file handed to `save` (the
 * browser's download) as bytes. The components only show this and call its methods.
 */
import type { Client } from '@shared/api';
import { exportFormatInfo, exportFormats, type ExportFormat } from '@shared/export/formats';

export interface ExportedModelFile {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** The formats in the chooser's order, with what a person reads for each. */
export const modelExportChoices = exportFormats.map((format) => ({ format, label: exportFormatInfo[format].label, help: exportFormatInfo[format].help, extension: exportFormatInfo[format].extension, sidecar: exportFormatInfo[format].sidecar }));

export class ModelExportState {
  /** The run the chooser is open for; null when closed. */
  runId = $state<string | null>(null);
  format = $state<ExportFormat>('onnx');
  busy = $state(false);
  error = $state<string | null>(null);
  /** The names of the files saved by the last export (the chooser says what was downloaded). */
  saved = $state<string[]>([]);

  readonly #client: Pick<Client, 'call'>;
  readonly #save: (file: ExportedModelFile) => void;

  constructor(client: Pick<Client, 'call'>, save: (file: ExportedModelFile) => void) {
    this.#client = client;
    this.#save = save;
  }

  get open(): boolean {
    return this.runId !== null;
  }

  /** The files the chosen format writes, for the chooser's hint ("model.py and model.model.json"). */
  get fileHint(): string {
    const info = exportFormatInfo[this.format];
    return info.sidecar ? `a ${info.extension} script and the model document it loads (.model.json)` : `one ${info.extension} file`;
  }

  show(runId: string): void {
    if (this.runId !== runId) this.saved = [];
    this.runId = runId;
    this.error = null;
  }

  hide(): void {
    this.runId = null;
    this.error = null;
  }

  choose(format: ExportFormat): void {
    this.format = format;
    this.error = null;
  }

  /** Exports the run's model in the chosen format and saves every file; false (with `error`) when the host refused. */
  async export(): Promise<boolean> {
    const runId = this.runId;
    if (!runId || this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#client.call('history:exportModel', { runId, format: this.format });
      if (!result.ok) {
        this.error = result.error.message;
        return false;
      }
      const files = result.value.files.map((file) => ({ fileName: file.fileName, mediaType: file.mediaType, bytes: decodeBase64(file.base64) }));
      for (const file of files) this.#save(file);
      this.saved = files.map((file) => file.fileName);
      return true;
    } finally {
      this.busy = false;
    }
  }
}

/** Base64 text → bytes (atob gives one char per byte). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

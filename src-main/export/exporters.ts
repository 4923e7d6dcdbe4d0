/**
 * Each export format's files for a model (a Record over the formats, so a new format does not
 * compile until it has an exporter): ONNX is one binary file; the scripts come with the model
 * document they load (the sidecar), named after the script.
 */
import { exportFormatInfo, sidecarPath, type ExportFormat } from '@shared/export/formats';
import type { ModelDocument } from '@shared/engine/model-document';
import { kerasScript } from '@shared/export/keras';
import { pytorchScript } from '@shared/export/pytorch';
import { appVersion } from '../version';
import { onnxModel } from './onnx';

export interface ExportedFile {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** What the exporters say about the model's origin (ONNX metadata, the scripts' header comment). */
export interface ExportAbout {
  /** The design's name (or the run's label). */
  name: string;
  /** The file-name stem: `<stem>.onnx`, `<stem>.py` + `<stem>.model.json`. */
  stem: string;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function withSidecar(format: ExportFormat, script: (doc: ModelDocument, about: { name: string; version: string; sidecar: string }) => string): (doc: ModelDocument, about: ExportAbout) => ExportedFile[] {
  return (doc, about) => {
    const fileName = `${about.stem}${exportFormatInfo[format].extension}`;
    const sidecar = sidecarPath(fileName);
    return [
      { fileName, mediaType: exportFormatInfo[format].mediaType, bytes: utf8(script(doc, { name: about.name, version: appVersion, sidecar })) },
      { fileName: sidecar, mediaType: 'application/json', bytes: utf8(JSON.stringify(doc)) },
    ];
  };
}

export const exporters: Record<ExportFormat, (doc: ModelDocument, about: ExportAbout) => ExportedFile[]> = {
  onnx: (doc, about) => [{ fileName: `${about.stem}.onnx`, mediaType: exportFormatInfo.onnx.mediaType, bytes: onnxModel(doc, { name: about.name, version: appVersion }) }],
  pytorch: withSidecar('pytorch', pytorchScript),
  keras: withSidecar('keras', kerasScript),
};

/** The "Export model…" chooser's state, without mounting: the choice, the call, the files saved as bytes, refusals kept to show. */
import { describe, expect, it } from 'vitest';
import { fakeHistoryHost } from './history-fake-host';
import { decodeBase64, modelExportChoices, ModelExportState, type ExportedModelFile } from './model-export.svelte';

const base64 = (text: string) => btoa(text);

function setup() {
  const host = fakeHistoryHost(3);
  const saved: ExportedModelFile[] = [];
  const state = new ModelExportState(host.client, (file) => saved.push(file));
  return { host, saved, state };
}

describe('ModelExportState', () => {
  it('offers every format with its label, help and extension, ONNX first', () => {
    expect(modelExportChoices.map((choice) => [choice.format, choice.label, choice.extension])).toEqual([
      ['onnx', 'ONNX', '.onnx'],
      ['pytorch', 'PyTorch', '.py'],
      ['keras', 'Keras', '.py'],
    ]);
    expect(modelExportChoices.every((choice) => choice.help.length > 0)).toBe(true);
  });

  it('opens for a run, asks for the chosen format and saves each returned file as bytes', async () => {
    const { host, saved, state } = setup();
    host.replies['history:exportModel'] = (request) => ({
      ok: true,
      value: { files: [{ fileName: 'Course_net.py', mediaType: 'text/x-python', base64: base64(`# ${String(request.format)}`) }, { fileName: 'Course_net.model.json', mediaType: 'application/json', base64: base64('{}') }] },
    });
    expect(state.open).toBe(false);
    state.show('run-2');
    state.choose('pytorch');
    expect(state.fileHint).toMatch(/\.py script and the model document/);
    expect(await state.export()).toBe(true);
    expect(host.calls.at(-1)).toEqual({ channel: 'history:exportModel', request: { runId: 'run-2', format: 'pytorch' } });
    expect(saved.map((file) => [file.fileName, file.mediaType, new TextDecoder().decode(file.bytes)])).toEqual([
      ['Course_net.py', 'text/x-python', '# pytorch'],
      ['Course_net.model.json', 'application/json', '{}'],
    ]);
    expect(state.saved).toEqual(['Course_net.py', 'Course_net.model.json']);
    expect(state.busy).toBe(false);
  });

  it('keeps the host’s refusal to show in the chooser, and saves nothing', async () => {
    const { host, saved, state } = setup();
    host.replies['history:exportModel'] = () => ({ ok: false, error: { code: 'conflict', message: 'run-1 diverged: its weights are not finite numbers, so there is no model to export.' } });
    state.show('run-1');
    expect(await state.export()).toBe(false);
    expect(state.error).toMatch(/run-1 diverged/);
    expect(saved).toEqual([]);
    // Choosing again or closing clears the message.
    state.choose('onnx');
    expect(state.error).toBeNull();
  });

  it('does nothing when closed, and forgets what was saved when another run opens it', async () => {
    const { host, state } = setup();
    host.replies['history:exportModel'] = () => ({ ok: true, value: { files: [{ fileName: 'a.onnx', mediaType: 'application/octet-stream', base64: base64('x') }] } });
    expect(await state.export()).toBe(false);
    expect(host.calls).toEqual([]);
    state.show('run-1');
    await state.export();
    expect(state.saved).toEqual(['a.onnx']);
    state.show('run-3');
    expect(state.saved).toEqual([]);
    state.hide();
    expect(state.open).toBe(false);
  });

  it('decodes base64 to the exact bytes', () => {
    expect([...decodeBase64(btoa(String.fromCharCode(0, 1, 255, 128)))]).toEqual([0, 1, 255, 128]);
  });
});

/**
 * The preload: puts exactly the contract's functions on `window.api` and nothing else. It runs
 * sandboxed, so it is bundled into one CommonJS file whose only require is 'electron'; it imports
 * the zod-free names module to stay small.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventBatchChannel } from '@shared/api/preload-api';
import { buildPreloadApi } from './build-api';

const api = buildPreloadApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (onBatch) => {
    // The IPC event object (which holds `sender`) never reaches the page, only the batch.
    ipcRenderer.on(eventBatchChannel, (_event, batch: unknown) => onBatch(batch));
  },
);

contextBridge.exposeInMainWorld('api', api);

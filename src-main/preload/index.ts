/**
 * The preload: puts exactly the contract's functions on `window.api` and nothing else. It runs
 * sandboxed, so it is bundled into one CommonJS file whose only require is 'electron'; it imports
 * the zod-free names module to stay small, and receives the contract's names as a constant that
 * the build computes from src-shared/api/contract.ts (electron.vite.config.ts), not as a second list.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ContractNames } from '@shared/api/names';
import { eventBatchChannel } from '@shared/api/preload-api';
import { buildPreloadApi } from './build-api';

/** Replaced at build time by contract.ts's `contractNames` (see the preload's `define`). */
declare const __DEEPWIRE_CONTRACT_NAMES__: ContractNames;

const api = buildPreloadApi(
  __DEEPWIRE_CONTRACT_NAMES__,
  (channel, request) => ipcRenderer.invoke(channel, request),
  (onBatch) => {
    // The IPC event object (which holds `sender`) never reaches the page, only the batch.
    ipcRenderer.on(eventBatchChannel, (_event, batch: unknown) => onBatch(batch));
  },
);

contextBridge.exposeInMainWorld('api', api);

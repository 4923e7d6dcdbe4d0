/**
 * The shape of `window.api` in the desktop app: one named function per command (see methodName),
 * plus `on` for events. Nothing else is exposed.
 */
export type PreloadApi = Record<string, (request: unknown) => Promise<unknown>> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};

/** The IPC channel the main process uses to push batched events to a window. */
export const eventBatchChannel = 'app:events';

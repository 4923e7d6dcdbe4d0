/**
 * Builds `window.api` from two capabilities the preload hands in, so its shape is unit-tested
 * without Electron: one named function per command of the contract, plus `on` for events.
 * Nothing else: no generic invoke, no channel names chosen by the page.
 */
import { methodName, type ContractNames } from '@shared/api/names';
import type { PreloadApi } from '@shared/api/preload-api';

export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Registers the single handler for event batches; called once. */
export type ListenToBatches = (onBatch: (batch: unknown) => void) => void;

/** `names` are the contract's (contract.ts's contractNames, put into the preload's bundle when it is built). */
export function buildPreloadApi(names: ContractNames, invoke: Invoke, listenToBatches: ListenToBatches): PreloadApi {
  const knownEvents: ReadonlySet<string> = new Set(names.events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  // One IPC listener for the whole page, fanned out here: no per-subscription IPC listeners to leak.
  listenToBatches((batch) => {
    if (!Array.isArray(batch)) return;
    for (const item of batch as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { event, payload } = item as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') continue;
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload);
        } catch (error) {
          // One failing listener must not starve the others.
          console.error(`Deepwire: a listener for ${event} failed:`, error);
        }
      }
    }
  });

  const api: Record<string, unknown> = {};
  for (const channel of names.commands) {
    // The channel is fixed here, so the page can only reach the contract's commands.
    api[methodName(channel)] = (request: unknown) => invoke(channel, request);
  }
  api.on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !knownEvents.has(event)) throw new TypeError(`Deepwire has no event named ${String(event)}.`);
    if (typeof listener !== 'function') throw new TypeError('on(event, listener) needs a function as its listener.');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return Object.freeze(api) as PreloadApi;
}

/**
 * The Electron host of the contract: one `ipcMain.handle` per command, the sender checked before
 * anything else, the payload validated by `dispatch`, and service events pushed to the window in
 * batches. ipcMain and the windows arrive as parameters, so this runs under plain Node in tests.
 */
import { commandNames, fail, type Dispatch, type EmitEvent, type Result } from '@shared/api';
import { eventBatchChannel } from '@shared/api/preload-api';
import { createEventBatcher, type QueuedEvent } from './event-batcher';
import { isTrustedSender } from '../electron/sender';

/** The parts of Electron's WebFrameMain / IpcMainInvokeEvent that the host reads. */
export interface IpcFrameLike {
  readonly url: string;
  readonly parent: unknown;
}
export interface IpcInvokeEventLike {
  readonly senderFrame: IpcFrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
/** The parts of a WebContents that events are sent to. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcHostOptions {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  /** The app page's URL (file:// of out/renderer/index.html, or the dev server's page). */
  appUrl: string;
  /** The windows' web contents that receive events. */
  targets: () => readonly EventTargetLike[];
  log?: (line: string) => void;
  /** Override the batching interval (tests). */
  intervalMs?: number;
}

export interface IpcHost {
  readonly channels: readonly string[];
  emit: EmitEvent;
  /** Sends queued events now and removes the handlers (on quit). */
  dispose(): void;
}

export const untrustedSenderMessage = "Refused: only Deepwire's own page may call its services.";

export function createIpcHost(options: IpcHostOptions): IpcHost {
  const { ipcMain, dispatch, appUrl } = options;
  const log = options.log ?? (() => {});

  for (const channel of commandNames) {
    ipcMain.handle(channel, async (event, payload): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      // parent === null means top level: an iframe, even of our own page, gets nothing.
      if (!frame || !isTrustedSender(frame.url, appUrl, frame.parent === null)) {
        log(`ipc: refused ${channel} from ${frame ? JSON.stringify(frame.url.slice(0, 200)) : 'a destroyed frame'}`);
        return fail('invalid_request', untrustedSenderMessage);
      }
      try {
        return await dispatch(channel, payload, { host: 'electron' });
      } catch (error) {
        // dispatch turns failures into data already; this guards against a bug there, because a
        // throw would reach the renderer as a bare rejected promise with Electron's wording.
        log(`ipc: ${channel} threw: ${String(error)}`);
        return fail('internal', `${channel} failed unexpectedly.`);
      }
    });
  }

  const batcher = createEventBatcher({
    ...(options.intervalMs !== undefined && { intervalMs: options.intervalMs }),
    send: (batch: QueuedEvent[]) => {
      for (const target of options.targets()) {
        // Events only ever go to our own page; navigation is denied, but this holds even if not.
        if (!target.isDestroyed() && isTrustedSender(target.getURL(), appUrl)) target.send(eventBatchChannel, batch);
      }
    },
  });

  return {
    channels: commandNames,
    emit: (event, payload) => batcher.push(event, payload),
    dispose() {
      batcher.flush();
      batcher.dispose();
      for (const channel of commandNames) ipcMain.removeHandler(channel);
    },
  };
}

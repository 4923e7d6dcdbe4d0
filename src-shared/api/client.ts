/**
 * The renderer's typed client over any transport. It validates responses and events against the
 * contract, so a confused or hostile host cannot feed the UI malformed data.
 */
import {
  commands,
  events,
  type CommandName,
  type EventName,
  type EventPayload,
  type RequestOf,
  type ResponseOf,
} from './contract';
import { describeIssues } from './describe-issues';
import { fail, type Result } from './result';

export interface Transport {
  readonly kind: 'electron' | 'web';
  invoke(channel: CommandName, request: unknown): Promise<unknown>;
  /** Returns a function that unsubscribes. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /**
   * Tells when the link to the host drops and comes back (a socket transport; Electron's IPC never
   * drops). Events sent while it was down are lost, so a listener refreshes what it shows on 'up'.
   */
  watchLink?(listener: (change: LinkChange) => void): () => void;
}

/** The link to the host went down (with why, when the host said) or came back up. */
export type LinkChange = { state: 'down'; reason: string } | { state: 'up' };

export interface Client {
  readonly transportKind: Transport['kind'];
  call<C extends CommandName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Link changes of the transport (never called for transports that cannot drop). */
  onLink(listener: (change: LinkChange) => void): () => void;
}

const resultShape = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  'ok' in value &&
  (((value as { ok: unknown }).ok === true && 'value' in value) ||
    ((value as { ok: unknown }).ok === false &&
      typeof (value as { error?: { message?: unknown } }).error?.message === 'string'));

export function createClient(transport: Transport): Client {
  return {
    transportKind: transport.kind,
    async call(channel, request) {
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, request);
      } catch (error) {
        return fail('unavailable', `Could not reach Deepwire's services: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!resultShape(raw)) return fail('internal', `The host sent a malformed reply to ${channel}.`);
      if (!raw.ok) return raw;
      const parsed = commands[channel].response.safeParse(raw.value);
      if (!parsed.success) return fail('internal', describeIssues(parsed.error, `${channel} response`));
      return { ok: true, value: parsed.data as ResponseOf<typeof channel> };
    },
    on(event, listener) {
      return transport.subscribe(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
    onLink(listener) {
      return transport.watchLink?.(listener) ?? (() => {});
    },
  };
}

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
}

export interface Client {
  readonly transportKind: Transport['kind'];
  call<C extends CommandName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
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
  };
}

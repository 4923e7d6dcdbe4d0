/**
 * The typed registration both hosts use: a handler map in, one `dispatch` function out.
 * It validates the channel and the payload, runs the handler, and turns every failure into data.
 */
import {
  commands,
  isCommandName,
  type CommandName,
  type EventName,
  type EventPayload,
  type ParsedRequestOf,
  type ResponseOf,
} from './contract';
import { describeIssues } from './describe-issues';
import { CommandError, fail, ok, type Result } from './result';

export interface CallContext {
  /** Which host carried the call, for logs. */
  host: 'electron' | 'web' | 'test';
}

export type Handler<C extends CommandName> = (
  request: ParsedRequestOf<C>,
  context: CallContext,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** The handlers of some commands only (one domain's), so each domain's services are typed on their own. */
export type HandlersOf<Names extends CommandName> = { [C in Names]: Handler<C> };
/** The complete map both hosts need: every command of the contract. */
export type Handlers = HandlersOf<CommandName>;

export type Dispatch = (channel: unknown, payload: unknown, context: CallContext) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Called with unexpected errors (bugs), which reach the caller only as a generic message. */
  onInternalError?: (channel: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (channel, payload, context) => {
    if (!isCommandName(channel)) {
      return fail('unknown_command', `Unknown command ${JSON.stringify(String(channel).slice(0, 64))}.`);
    }
    const spec = commands[channel];
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) return fail('invalid_request', describeIssues(parsed.error, `${channel} request`));
    try {
      const handler = handlers[channel] as Handler<CommandName>;
      const value = await handler(parsed.data as never, context);
      // The response is checked too: a service bug must not send the renderer malformed data.
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        options.onInternalError?.(channel, checked.error);
        return fail('internal', `Deepwire produced an invalid ${channel} response; this is a bug.`);
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof CommandError) return fail(error.code, error.message);
      options.onInternalError?.(channel, error);
      return fail('internal', `${channel} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** How services push events; each host fans them out to its windows or sockets. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

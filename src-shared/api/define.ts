/** The building blocks of the per-domain contract modules (app.ts, designs.ts, ...). */
import { z } from 'zod';

/** A command: what the caller sends and what it gets back, each checked at both ends. */
export interface CommandSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function command<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): CommandSpec<Req, Res> {
  return { request, response };
}

/** The request of a command that takes no options: `{}`, and nothing else. */
export const emptyRequest = z.object({}).strict();

export const isoDate = z.iso.datetime({ offset: true });

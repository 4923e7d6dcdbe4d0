/** Messages on the web host's WebSocket. Each direction has a schema; anything else is refused. */
import { z } from 'zod';

export const maxMessageBytes = 8 * 1024 * 1024;

export const ClientMessage = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(64),
    payload: z.unknown(),
  })
  .strict();
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('events'), batch: z.array(z.object({ event: z.string(), payload: z.unknown() })) }),
  z.object({ type: z.literal('refused'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

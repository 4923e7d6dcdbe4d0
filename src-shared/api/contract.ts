/**
 * The one contract between the renderer and the services. Every command is `domain:action`,
 * takes one object argument and resolves to a Result; every event is a typed push.
 * Both hosts (Electron IPC and the web host) carry exactly these, validated at both ends.
 */
import { z } from 'zod';
import { checkJson } from '../json/json-guard';

const isoDate = z.iso.datetime({ offset: true });

/** A design's name is also its file name, so it is restricted to characters safe on every OS. */
export const DesignName = z
  .string()
  .trim()
  .min(1, 'a design name cannot be empty')
  .max(100, 'a design name can have at most 100 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _().-]*$/u, 'a design name may use letters, digits, spaces and _ ( ) . - and must start with a letter or digit');

/** A free-form JSON object (the design document), refused when hostile: too deep, too big, prototype keys. */
export const JsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && checkJson(value) === null,
  { message: 'the document must be a plain JSON object of reasonable size and depth' },
);

export const HostKind = z.enum(['electron', 'web']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const DesignSummary = z.object({
  name: DesignName,
  modifiedAt: isoDate,
  bytes: z.number().int().nonnegative(),
});
export type DesignSummary = z.infer<typeof DesignSummary>;

const empty = z.object({}).strict();

function command<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response };
}

export const commands = {
  'app:info': command(empty, AppInfo),
  'designs:list': command(empty, z.object({ designs: z.array(DesignSummary) })),
  'designs:open': command(
    z.object({ name: DesignName }).strict(),
    z.object({ name: DesignName, content: JsonObject, modifiedAt: isoDate }),
  ),
  'designs:save': command(
    z
      .object({
        name: DesignName,
        content: JsonObject,
        /** false: refuse to replace an existing design of that name (Save As). */
        overwrite: z.boolean().default(true),
      })
      .strict(),
    DesignSummary,
  ),
} as const;

export const events = {
  'designs:changed': z.object({ names: z.array(DesignName) }),
  'app:log': z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) }),
  /** A document command chosen from the desktop app's menu (or its accelerator); the renderer acts on it. */
  'app:menu': z.object({ action: z.enum(['new', 'open', 'save', 'saveAs', 'undo', 'redo']) }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type Events = typeof events;
export type EventName = keyof Events;

/** What a caller sends (defaults still optional). */
export type RequestOf<C extends CommandName> = z.input<Commands[C]['request']>;
/** What a handler receives (after validation and defaults). */
export type ParsedRequestOf<C extends CommandName> = z.output<Commands[C]['request']>;
export type ResponseOf<C extends CommandName> = z.output<Commands[C]['response']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

// Lives in names.ts so the preload can use it without pulling zod into its bundle.
export { methodName } from './names';

/**
 * The one contract between the renderer and the services, composed from one module per domain.
 * Every command is `domain:action`, takes one object argument and resolves to a Result; every
 * event is a typed push. Both hosts (Electron IPC and the web host) carry exactly these,
 * validated at both ends. The names exist only as the keys of the domain tables: everything
 * else (the preload's functions, the IPC channels, the handler maps) is derived from them.
 */
import type { z } from 'zod';
import { appCommands, appEvents } from './app';
import type { CommandSpec } from './define';
import { designsCommands, designsEvents } from './designs';
import { historyCommands, historyEvents } from './history';
import type { ContractNames } from './names';
import { searchCommands, searchEvents } from './search';
import { trainingCommands, trainingEvents } from './training-runs';

export * from './app';
export * from './designs';
export * from './history';
export * from './search';
export * from './training';
export * from './training-runs';
export * from './training-settings';
export { command, emptyRequest, isoDate, type CommandSpec } from './define';

/** Each key of a domain's table must read `<domain>:<action>`; a stray key becomes `never` and fails to compile. */
type InDomain<D extends string, T> = { [K in keyof T]: K extends `${D}:${string}` ? T[K] : never };

export function inDomain<const D extends string, T extends InDomain<D, T>>(_domain: D, table: T): T {
  return table;
}

export const commands = {
  ...inDomain('app', appCommands),
  ...inDomain('designs', designsCommands),
  ...inDomain('training', trainingCommands),
  ...inDomain('history', historyCommands),
  ...inDomain('search', searchCommands),
} satisfies Record<string, CommandSpec>;

export const events = {
  ...inDomain('app', appEvents),
  ...inDomain('designs', designsEvents),
  ...inDomain('training', trainingEvents),
  ...inDomain('history', historyEvents),
  ...inDomain('search', searchEvents),
} satisfies Record<string, z.ZodType>;

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
/** The names alone, as plain data: what the preload's build receives (it carries no zod). */
export const contractNames: ContractNames = { commands: commandNames, events: eventNames };

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

// Lives in names.ts so the preload can use it without pulling zod into its bundle.
export { methodName, type ContractNames } from './names';

/**
 * The contract's names as plain data, with no schema library: the sandboxed preload imports this
 * so its bundle stays a few hundred lines instead of carrying zod. names.test.ts keeps these lists
 * equal to the keys of `commands` and `events` in contract.ts.
 */
export const commandNames = ['app:info', 'designs:list', 'designs:open', 'designs:save'] as const;
export const eventNames = ['designs:changed', 'app:log', 'app:menu'] as const;

export type CommandNameLiteral = (typeof commandNames)[number];
export type EventNameLiteral = (typeof eventNames)[number];

/** `designs:open` → `designsOpen`: the name of the function the preload exposes for a command. */
export function methodName(channel: string): string {
  return channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
}

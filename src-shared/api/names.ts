/**
 * Naming helpers with no schema library, so the sandboxed preload can import them and its bundle
 * stays a few hundred lines instead of carrying zod. The names themselves come from contract.ts.
 */

/** The contract's command and event names as plain data (contract.ts derives them from its domain tables). */
export interface ContractNames {
  readonly commands: readonly string[];
  readonly events: readonly string[];
}

/** `designs:open` → `designsOpen`: the name of the function the preload exposes for a command. */
export function methodName(channel: string): string {
  return channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
}

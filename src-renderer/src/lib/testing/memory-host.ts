/**
 * A host for state tests: the design commands over a Map instead of the data folder, behind the
 * real client (so replies are validated exactly as in the app). The services' own store is
 * tested in src-main; here only its contract matters: names, conflicts, list order, events.
 */
import { createClient, type CommandName, type EventName, type Transport } from '@shared/api';

interface Stored {
  content: Record<string, unknown>;
  modifiedAt: string;
}

export function memoryHost() {
  const designs = new Map<string, Stored>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: CommandName; request: unknown }[] = [];
  let clock = Date.UTC(2025, 0, 1);
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const answer = (channel: CommandName, request: Record<string, unknown>): unknown => {
    if (channel === 'designs:list') {
      return {
        ok: true,
        value: {
          designs: [...designs].map(([name, d]) => ({ name, modifiedAt: d.modifiedAt, bytes: JSON.stringify(d.content).length })),
        },
      };
    }
    if (channel === 'designs:open') {
      const name = String(request.name);
      const found = designs.get(name);
      if (!found) return { ok: false, error: { code: 'not_found', message: `There is no design named "${name}".` } };
      return { ok: true, value: { name, content: structuredClone(found.content), modifiedAt: found.modifiedAt } };
    }
    if (channel === 'designs:save') {
      const name = String(request.name);
      if (request.overwrite === false && designs.has(name)) {
        return { ok: false, error: { code: 'conflict', message: `A design named "${name}" already exists.` } };
      }
      clock += 60_000;
      const modifiedAt = new Date(clock).toISOString();
      const content = structuredClone(request.content as Record<string, unknown>);
      designs.set(name, { content, modifiedAt });
      emit('designs:changed', { names: [name] });
      return { ok: true, value: { name, modifiedAt, bytes: JSON.stringify(content).length } };
    }
    return { ok: false, error: { code: 'unknown_command', message: channel } };
  };

  const transport: Transport = {
    kind: 'web',
    async invoke(channel, request) {
      calls.push({ channel, request });
      return answer(channel, request as Record<string, unknown>);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return { client: createClient(transport), designs, calls, emit };
}

import { describe, expect, it } from 'vitest';
import { commandNames, commands, methodName, type CommandName } from './contract';
import { createDispatcher, type Handlers } from './dispatch';
import { createClient, type Transport } from './client';
import { CommandError } from './result';

const info = { name: 'Deepwire', version: '1.2.3', host: 'web' as const, dataDir: '/data', platform: 'linux' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app:info': () => info,
    'designs:list': () => ({ designs: [] }),
    'designs:open': ({ name }) => {
      throw new CommandError('not_found', `There is no design named "${name}".`);
    },
    'designs:save': ({ name }) => ({ name, modifiedAt: '2026-01-01T00:00:00.000Z', bytes: 10 }),
    ...notUsedHere(commandNames.filter((name): name is Exclude<CommandName, 'app:info' | `designs:${string}`> => !name.startsWith('app:') && !name.startsWith('designs:'))),
    ...overrides,
  };
}

/** Commands these dispatcher tests never call, answered with an error so the map is complete. */
function notUsedHere<C extends CommandName>(names: C[]): Pick<Handlers, C> {
  return Object.fromEntries(names.map((name) => [name, () => { throw new CommandError('unavailable', `${name} is not part of this test`); }])) as unknown as Pick<Handlers, C>;
}

const ctx = { host: 'test' as const };

describe('contract', () => {
  it('names every command domain:action and maps it to a preload function name', () => {
    for (const name of commandNames) expect(name).toMatch(/^[a-z]+:[a-z][a-zA-Z-]*$/);
    expect(methodName('designs:open')).toBe('designsOpen');
    expect(methodName('app:info')).toBe('appInfo');
    expect(new Set(commandNames.map(methodName)).size).toBe(commandNames.length);
  });

  it('fills defaults on the receiving side', () => {
    const parsed = commands['designs:save'].request.parse({ name: 'Moons', content: {} });
    expect(parsed.overwrite).toBe(true);
  });
});

describe('dispatcher', () => {
  const dispatch = createDispatcher(handlers());

  it('routes a valid call to its handler', async () => {
    expect(await dispatch('app:info', {}, ctx)).toEqual({ ok: true, value: info });
  });

  it('refuses an unknown channel as data', async () => {
    const result = await dispatch('fs:readFile', { path: '/etc/passwd' }, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'unknown_command', message: 'Unknown command "fs:readFile".' } });
  });

  it('refuses names a channel could inherit from Object.prototype', async () => {
    expect((await dispatch('constructor', {}, ctx)).ok).toBe(false);
    expect((await dispatch('__proto__', {}, ctx)).ok).toBe(false);
  });

  it('refuses hostile payloads by schema, naming the field', async () => {
    const traversal = await dispatch('designs:open', { name: '../../etc/passwd' }, ctx);
    expect(traversal.ok).toBe(false);
    if (!traversal.ok) {
      expect(traversal.error.code).toBe('invalid_request');
      expect(traversal.error.message).toMatch(/^Invalid designs:open request: name: a design name may use letters/);
    }
    const extraKey = await dispatch('app:info', { evil: true }, ctx);
    expect(extraKey.ok).toBe(false);
    const polluted = await dispatch('designs:save', JSON.parse('{"name":"x","content":{"__proto__":{"a":1}}}'), ctx);
    expect(polluted.ok).toBe(false);
    expect((await dispatch('designs:open', null, ctx)).ok).toBe(false);
    expect((await dispatch('designs:open', 'a string', ctx)).ok).toBe(false);
  });

  it('turns a CommandError into its code and message', async () => {
    expect(await dispatch('designs:open', { name: 'Missing' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no design named "Missing".' },
    });
  });

  it('turns a bug into an internal error and reports it', async () => {
    const seen: string[] = [];
    const buggy = createDispatcher(
      handlers({
        'designs:list': () => {
          throw new TypeError('boom');
        },
        'app:info': () => ({ ...info, version: 42 }) as never,
      }),
      { onInternalError: (channel) => seen.push(channel) },
    );
    const thrown = await buggy('designs:list', {}, ctx);
    expect(thrown).toEqual({ ok: false, error: { code: 'internal', message: 'designs:list failed unexpectedly: boom' } });
    const malformed = await buggy('app:info', {}, ctx);
    expect(malformed.ok).toBe(false);
    expect(seen).toEqual(['designs:list', 'app:info']);
  });
});

describe('client', () => {
  function loopback(dispatchImpl = createDispatcher(handlers())): Transport & { fire(event: string, payload: unknown): void } {
    const listeners = new Map<string, (payload: unknown) => void>();
    return {
      kind: 'web',
      invoke: (channel, request) => dispatchImpl(channel, request, ctx),
      subscribe: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
      fire: (event, payload) => listeners.get(event)?.(payload),
    };
  }

  it('calls through a transport and returns typed results', async () => {
    const client = createClient(loopback());
    const result = await client.call('app:info', {});
    expect(result.ok && result.value.version).toBe('1.2.3');
  });

  it('reports an unreachable host as data', async () => {
    const client = createClient({ ...loopback(), invoke: () => Promise.reject(new Error('socket closed')) });
    expect(await client.call('app:info', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: "Could not reach Deepwire's services: socket closed" },
    });
  });

  it('refuses a malformed reply from the host', async () => {
    const client = createClient({ ...loopback(), invoke: async () => ({ ok: true, value: { name: 1 } }) });
    const result = await client.call('app:info', {});
    expect(result.ok).toBe(false);
    const garbage = await createClient({ ...loopback(), invoke: async () => 'nonsense' }).call('app:info', {});
    expect(garbage.ok).toBe(false);
  });

  it('delivers only events that match their schema', () => {
    const transport = loopback();
    const client = createClient(transport);
    const seen: string[][] = [];
    const off = client.on('designs:changed', (payload) => seen.push(payload.names));
    transport.fire('designs:changed', { names: ['Moons'] });
    transport.fire('designs:changed', { names: 'not a list' });
    off();
    transport.fire('designs:changed', { names: ['Late'] });
    expect(seen).toEqual([['Moons']]);
  });
});

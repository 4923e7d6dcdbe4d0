import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { openRedis, redisConnectionMessage, redisOptions, watchRedis } from './redis-connection';
import { startRedis, type TestRedis } from './test-redis';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function redis(options?: Parameters<typeof startRedis>[0]): Promise<TestRedis> {
  const server = await startRedis(options);
  cleanups.push(() => server.stop());
  return server;
}

function client(url: string, overrides?: Parameters<typeof openRedis>[1]): Redis {
  const opened = openRedis(url, overrides);
  cleanups.push(async () => opened.disconnect());
  return opened;
}

describe('redisOptions', () => {
  it('reads host, port, database, user and password (URL-decoded) from the URL, and what BullMQ needs', () => {
    const options = redisOptions('redis://alice:p%40ss@10.0.0.5:6380/3');
    expect(options).toMatchObject({ host: '10.0.0.5', port: 6380, db: 3, username: 'alice', password: 'p@ss', maxRetriesPerRequest: null, enableOfflineQueue: true });
    expect(options.tls).toBeUndefined();
  });

  it('defaults to port 6379 and database 0, turns on TLS for rediss://, and reconnects every 2 s at most', () => {
    const options = redisOptions('rediss://cache.example.org');
    expect(options).toMatchObject({ host: 'cache.example.org', port: 6379, db: 0, tls: {} });
    expect(options.username).toBeUndefined();
    expect(options.password).toBeUndefined();
    const delays = [1, 2, 5, 50, 10_000].map((times) => options.retryStrategy!(times));
    expect(delays).toEqual([100, 200, 500, 2000, 2000]);
  });

  it('refuses a URL that is not a queue, with the contract sentence', () => {
    expect(() => redisOptions('http://host:6379')).toThrow(/starts with redis:\/\/ or rediss:\/\//);
    expect(() => redisOptions('redis://host:6379/db')).toThrow(/database number/);
  });
});

describe('openRedis against a real redis-server', () => {
  it('connects with a password, and a wrong one is refused with a message that names host:port, never the password', async () => {
    const server = await redis({ args: ['--requirepass', 's3cret-pw'] });
    const good = client(`redis://:s3cret-pw@127.0.0.1:${server.port}`);
    expect(await good.ping()).toBe('PONG');
    await good.set('deepwire:test', 'ok');
    expect(await good.get('deepwire:test')).toBe('ok');

    const badUrl = `redis://:wrong-pw-123@127.0.0.1:${server.port}`;
    const bad = client(badUrl, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const error = await bad.ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = redisConnectionMessage(badUrl, error);
    expect(message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${server.port} refused the login \\(WRONGPASS`));
    expect(message).not.toContain('wrong-pw-123');
  });

  it('reports Redis going away once, with host:port and the cause, and once when it is back; commands meanwhile wait', async () => {
    const server = await redis();
    const opened = client(server.url);
    expect(await opened.ping()).toBe('PONG');
    const downs: string[] = [];
    let ups = 0;
    let resolveDown!: () => void;
    let resolveUp!: () => void;
    const down = new Promise<void>((resolve) => (resolveDown = resolve));
    const up = new Promise<void>((resolve) => (resolveUp = resolve));
    const watch = watchRedis(opened, server.url, {
      onDown: (message) => {
        downs.push(message);
        resolveDown();
      },
      onUp: () => {
        ups += 1;
        resolveUp();
      },
    });
    cleanups.push(async () => watch.dispose());

    await server.kill();
    await down;
    expect(watch.reachable).toBe(false);
    // A command issued while Redis is away waits in the offline queue instead of failing.
    const pending = opened.ping();
    await server.start();
    await up;
    expect(await pending).toBe('PONG');
    expect(watch.reachable).toBe(true);
    expect(downs).toHaveLength(1);
    expect(downs[0]).toBe(`Redis at 127.0.0.1:${server.port} is unreachable (ECONNREFUSED)`);
    expect(ups).toBe(1);
  });
});

describe('startRedis', () => {
  it('keeps its data over a restart with persist: true, and loses it without', async () => {
    const kept = await redis({ persist: true });
    const lost = await redis();
    const a = client(kept.url);
    const b = client(lost.url);
    await a.set('deepwire:k', '1');
    await b.set('deepwire:k', '1');
    await kept.restart();
    await lost.restart();
    expect(await a.get('deepwire:k')).toBe('1');
    expect(await b.get('deepwire:k')).toBeNull();
  });
});

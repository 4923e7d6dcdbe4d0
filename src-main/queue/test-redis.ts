/**
 * A real redis-server for tests (never a mock): Debian's /usr/bin/redis-server on 127.0.0.1 at a
 * free port, in a temporary folder, without snapshots. restart() comes back on the same port so
 * clients that were connected reconnect by themselves (what "Redis went away and came back" means
 * to a worker or a coordinator). With `persist: true` it keeps an append-only file in its folder,
 * so a restarted server still holds its jobs; without, a restart empties it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const redisServerPath = '/usr/bin/redis-server';

/** Servers still running: a test process that exits without stop() (a crash, a timeout) still ends them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function endAtExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const server of running) server.kill('SIGKILL');
  });
}

export interface TestRedis {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Its working folder (removed by stop()). */
  readonly dir: string;
  /** The server's process id while it runs (a benchmark reads its CPU), else null. */
  readonly pid: number | null;
  /** Shuts it down (no save) and removes its folder. */
  stop(): Promise<void>;
  /** Shuts it down and starts it again on the same port (its data kept only with persist: true). */
  restart(): Promise<void>;
  /** Shuts it down, keeping its folder and port, for a test that wants Redis away for a while; start() brings it back. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export interface StartRedisOptions {
  /** Keep an append-only file, so restart() keeps the data (default false: --appendonly no). */
  persist?: boolean;
  /** More redis-server arguments, e.g. ['--requirepass', 'secret']. */
  args?: readonly string[];
}

/** Starts a redis-server; rejects with a sentence when it is not installed or does not answer. */
export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  if (!existsSync(redisServerPath)) {
    throw new Error(`${redisServerPath} is not installed: the queue tests need a real Redis; install Debian's redis-server (apt-get install -y redis-server).`);
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'deepwire-redis-'));
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.persist ? 'yes' : 'no', '--protected-mode', 'yes', '--logfile', '', ...(options.args ?? [])];
    const started = spawn(redisServerPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child = started;
    endAtExit(started);
    const exited = new Promise<never>((_, reject) => started.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}) before answering on port ${port}: ${stderr.trim()}`))));
    exited.catch(() => undefined);
    try {
      await Promise.race([waitForPong(port), exited]);
    } catch (error) {
      await stopChild();
      throw error;
    }
  };

  const stopChild = async () => {
    const running = child;
    if (!running) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exit = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // SIGTERM makes redis-server shut down as SHUTDOWN would (with --save "" it writes no snapshot).
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  try {
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid ?? null;
    },
    start,
    kill: stopChild,
    async restart() {
      await stopChild();
      await start();
    },
    async stop() {
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on now: the kernel's pick for port 0, released at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING (it takes a few milliseconds to start listening). */
async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      // A server with a password answers NOAUTH: it is up all the same.
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG') || answer.startsWith('-NOAUTH'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

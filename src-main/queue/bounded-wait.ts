/**
 * Waiting on Redis with a bound: closing a connection, removing a presence or moving a job back
 * waits for Redis to answer, and one that has gone away may never answer. The caller goes on
 * after `ms` (with undefined) and drops what it was waiting on.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

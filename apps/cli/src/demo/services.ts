import { connect } from 'node:net';

/** Resolves true when a TCP connection to host:port opens within the timeout. */
function reachable(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * PostgreSQL and Redis must run before the demo starts anything: one line each that is missing,
 * naming the variable that points at it, instead of a connection error from deep inside.
 */
export async function missingServiceProblems(databaseUrl: string, redisUrl: string): Promise<string[]> {
  const services = [
    { name: 'PostgreSQL', variable: 'DATABASE_URL', url: new URL(databaseUrl), defaultPort: 5432 },
    { name: 'Redis', variable: 'REDIS_URL', url: new URL(redisUrl), defaultPort: 6379 },
  ];
  const problems: string[] = [];
  for (const { name, variable, url, defaultPort } of services) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || defaultPort);
    if (!(await reachable(host, port))) {
      problems.push(`✖ ${name} is not reachable at ${url.hostname}:${port} (${variable}): start it, or point ${variable} at it (README, "Prerequisites")`);
    }
  }
  return problems;
}

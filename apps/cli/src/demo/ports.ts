import { createServer } from 'node:net';

/** A port the demo's processes will bind, and the variable that sets it. */
export interface DemoPort {
  port: number;
  variable: string;
  what: string;
}

/** Resolves with null when `port` can be bound on `host` now, else with the error code (EADDRINUSE, EACCES, ...). */
export function tryBind(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

async function nextFree(from: number, host: string, taken: Set<number>): Promise<number | null> {
  for (let port = from + 1; port <= Math.min(from + 50, 65535); port++) {
    if (!taken.has(port) && (await tryBind(port, host)) === null) return port;
  }
  return null;
}

/**
 * Before anything starts: every port the demo binds must be free, or the demo would talk to whatever
 * holds it (another breachcast answers 401 to the demo's key). One line per busy port, with the fix.
 */
export async function busyPortProblems(ports: DemoPort[], host: string): Promise<string[]> {
  const problems: string[] = [];
  const wanted = new Set(ports.map((p) => p.port));
  for (const { port, variable, what } of ports) {
    const code = await tryBind(port, host);
    if (code === null) continue;
    if (code === 'EADDRINUSE') {
      const free = await nextFree(port, host, wanted);
      const fix = free === null ? `stop the program that holds it, or set ${variable} to a free port` : `stop the program that holds it, or use another port: ${variable}=${free} npm run demo`;
      problems.push(`✖ port ${port} (${variable}, ${what}) on ${host} is already in use by another program: ${fix}`);
    } else {
      problems.push(`✖ cannot listen on ${host}:${port} (${variable}, ${what}): ${code}; set ${variable} to another port, or HOST to an address of this machine`);
    }
  }
  return problems;
}

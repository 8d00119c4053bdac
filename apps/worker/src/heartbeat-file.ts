import { writeFile } from 'node:fs/promises';

/** How often the file is touched; a healthcheck calls the worker unhealthy when it is several of these old. */
export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Touches `path` every few seconds while the worker's event loop runs, so a container healthcheck can
 * tell a live worker from a hung one without the worker opening a port. Returns the stop function.
 */
export function startHeartbeatFile(path: string, onError: (message: string) => void): () => void {
  let failing = false;
  const beat = () =>
    writeFile(path, `${new Date().toISOString()}\n`).then(
      () => (failing = false),
      (error: Error) => {
        if (!failing) onError(`cannot write the heartbeat file: ${error.message}`);
        failing = true;
      },
    );
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

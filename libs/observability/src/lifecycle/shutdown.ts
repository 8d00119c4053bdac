import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * SIGTERM/SIGINT: close the app (Nest runs every shutdown hook: stop taking work, finish what is in flight,
 * close pools), then exit 0. Nest's own shutdown hooks would re-raise the signal and end with 143.
 */
export function exitCleanlyOnSignals(app: INestApplicationContext, logger: Logger, what: string): void {
  const stop = (signal: NodeJS.Signals) => {
    const started = Date.now();
    logger.log(`${signal} received: ${what}`);
    app.close().then(
      () => {
        logger.log(`stopped cleanly in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error: Error) => {
        logger.error(`shutdown failed: ${error.stack ?? error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

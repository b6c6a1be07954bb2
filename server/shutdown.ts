import type { ServerType } from '@hono/node-server';
import type { Logger } from './logger';
import type { ReceiptStore } from './store/receipt-store';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (their receipts are committed
 * before they are answered), flush and close the store, exit. A second signal exits at once.
 */
export function gracefulShutdown(
  server: ServerType,
  store: ReceiptStore,
  logger: Logger,
  beforeClose: () => Promise<unknown> = async () => {},
  graceMs = 10_000,
) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ graceMs }, 'in-flight requests did not finish in time');
      setTimeout(() => process.exit(1), 3_000).unref(); // even if closing the store hangs
      void store.close().finally(() => process.exit(1));
    }, graceMs);
    force.unref();
    server.close(() => {
      beforeClose()
        .then(() => store.close())
        .then(
          () => {
            logger.info({}, 'stopped');
            process.exit(0);
          },
          (error: Error) => {
            logger.error({ err: error.message }, 'closing the store failed');
            process.exit(1);
          },
        );
    });
    // Keep-alive connections would hold server.close() open until they time out: close each once it goes idle.
    const closeIdle = () => (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    closeIdle();
    setInterval(closeIdle, 50).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

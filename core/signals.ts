import type { RunningService } from './service.js';

/**
 * SIGTERM/SIGINT: drain (`shutdown.drainMs`), stop every stream, log out, release the SDKs and the ports, exit 0
 * (1 when `shutdown.drainMs` + `shutdown.timeoutMs` runs out). A second signal while stopping is logged and otherwise ignored, so a process manager's escalation
 * to SIGKILL stays the one way to cut a shutdown short.
 */
export function installSignalHandlers(svc: RunningService): void {
  const log = svc.service.logger;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.debug({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ drainMs: svc.config.shutdown.drainMs, timeoutMs: svc.config.shutdown.timeoutMs }, 'graceful shutdown took too long; exiting');
      process.exit(1);
    }, svc.config.shutdown.drainMs + svc.config.shutdown.timeoutMs);
    force.unref();
    svc.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // A plugin bug surfacing asynchronously must not take every other stream down with it: log it and go on.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
}

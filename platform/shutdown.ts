import type { Logger } from './logger.js';

/** A signal this soon after the first is the same press, not a second one. */
const SAME_PRESS_MS = 1000;

/**
 * Calls `first` on the first of `signals`, and `again` on one that comes later. One Ctrl-C often
 * arrives twice: the terminal signals the whole process group, and `npm run` relays it to its
 * child as well. Only a signal more than a second after the first counts as a second press.
 * Returns what removes the handlers.
 */
export function onStopSignal(
  signals: readonly NodeJS.Signals[],
  first: (signal: NodeJS.Signals) => void,
  again: (signal: NodeJS.Signals) => void,
): () => void {
  let firstAt: number | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt === null) {
      firstAt = Date.now();
      first(signal);
    } else if (Date.now() - firstAt > SAME_PRESS_MS) {
      again(signal);
    }
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

/** Stop cleanly on SIGINT/SIGTERM; a second signal forces exit. */
export function runUntilSignal(log: Logger, stop: () => Promise<void>): void {
  onStopSignal(
    ['SIGINT', 'SIGTERM'],
    (signal) => {
      log.info({ signal }, 'shutting down');
      stop()
        .then(() => {
          log.info('stopped');
          process.exit(0);
        })
        .catch((err: unknown) => {
          log.error({ err }, 'error during shutdown');
          process.exit(1);
        });
    },
    (signal) => {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    },
  );
}

import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; every service names itself so one stream can hold them all. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], remove: true },
  });
}

import { pino, type DestinationStream, type Logger } from 'pino';
import { traceFields } from './tracing.js';

export type { Logger };

/**
 * Structured JSON logs; every service names itself so one stream can hold them all. A line
 * written while a traced request is handled carries its `trace_id` and `span_id`.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], remove: true },
      mixin: traceFields,
    },
    // stdout unless a test collects the lines.
    destination ?? pino.destination(1),
  );
}

/**
 * A logger for one part of a component. pino does not merge a child's bindings with its
 * parent's: `child({ component })` under a logger that already has one writes the key twice in
 * one JSON line, which most log processors read as the last only, or reject. The inner part is
 * named `subcomponent` instead.
 */
export function componentLogger(log: Logger, name: string): Logger {
  return log.child('component' in log.bindings() ? { subcomponent: name } : { component: name });
}

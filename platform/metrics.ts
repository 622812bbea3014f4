import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ErrorCode, isClientFacing } from './errors.js';
import { clientOperationName } from './operation-name.js';

/** Seconds. Covers a fast cached read (5 ms) to a large batch (10 s). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const METRIC_PREFIX = 'mi_';

/**
 * Operation names come from clients, so they are bounded: names that are not GraphQL names
 * or that arrive after the first `max` distinct ones are reported as "other".
 */
export class OperationNames {
  private readonly seen = new Set<string>();
  constructor(private readonly max = 200) {}
  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    name = clientOperationName(name);
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}

export type Outcome = 'success' | 'client_error' | 'server_error';

/** Every service's registry: process metrics plus GraphQL and HTTP request metrics, labelled with the service. */
export class ServiceMetrics {
  /**
   * When several services share one process (npm start), only this one exports the process's
   * own metrics (memory, event loop, GC), so one process is one series and one alert, not six.
   * Unset (separate processes), every service exports its own.
   */
  static processMetricsOwner: string | null = null;

  readonly registry = new Registry();
  readonly operations = new OperationNames();
  readonly graphqlRequests: Counter<'operation' | 'operation_type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'operation_type'>;
  readonly graphqlErrors: Counter<'operation' | 'code'>;
  readonly httpRequests: Counter<'route' | 'status_class'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    if (ServiceMetrics.processMetricsOwner === null || ServiceMetrics.processMetricsOwner === service) {
      collectDefaultMetrics({ register: this.registry });
    }
    const r = [this.registry];
    this.graphqlRequests = new Counter({
      name: `${METRIC_PREFIX}graphql_requests_total`,
      help: 'GraphQL operations handled, by operation name, type and outcome (server_error = masked internal error)',
      labelNames: ['operation', 'operation_type', 'outcome'],
      registers: r,
    });
    this.graphqlDuration = new Histogram({
      name: `${METRIC_PREFIX}graphql_request_duration_seconds`,
      help: 'Time from receiving a GraphQL operation to sending its response',
      labelNames: ['operation', 'operation_type'],
      buckets: DURATION_BUCKETS,
      registers: r,
    });
    this.graphqlErrors = new Counter({
      name: `${METRIC_PREFIX}graphql_errors_total`,
      help: 'GraphQL errors returned, by operation and extensions.code',
      labelNames: ['operation', 'code'],
      registers: r,
    });
    // Known label sets exist from the first scrape (at 0), so dashboards show 0 rather than no
    // data and increase() counts the first event after a start. Operations are named as they
    // come; `other` stands for them until then.
    for (const code of [...Object.values(ErrorCode)]) this.graphqlErrors.inc({ operation: 'other', code }, 0);
    for (const operation_type of ['query', 'mutation', 'subscription'])
      for (const outcome of ['success', 'client_error', 'server_error'] satisfies Outcome[])
        this.graphqlRequests.inc({ operation: 'other', operation_type, outcome }, 0);
    for (const operation_type of ['query', 'mutation', 'subscription'])
      this.graphqlDuration.zero({ operation: 'other', operation_type });
    this.httpRequests = new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: 'HTTP requests by route and status class, including those refused before GraphQL (413, 400, 404)',
      labelNames: ['route', 'status_class'],
      registers: r,
    });
    this.initHttp();
  }

  /** The routes every service serves, at 0 for each status class from the first scrape. */
  private initHttp(): void {
    for (const route of ['graphql', 'metrics', '_health', '_readiness', 'other'])
      for (const status_class of ['2xx', '4xx', '5xx']) this.httpRequests.inc({ route, status_class }, 0);
  }

  observeHttp(path: string, status: number): void {
    const route = ['/graphql', '/metrics', '/_health', '/_readiness'].includes(path) ? path.replace(/^\//, '') : 'other';
    this.httpRequests.inc({ route, status_class: `${Math.floor(status / 100)}xx` });
  }

  /** Apollo plugin that records every operation. */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        let operation = 'unknown';
        let operationType = 'unknown';
        const codes: string[] = [];
        return {
          didResolveOperation: async (ctx) => {
            operation = this.operations.label(ctx.operationName);
            operationType = ctx.operation?.operation ?? 'unknown';
          },
          didEncounterErrors: async (ctx) => {
            for (const e of ctx.errors) codes.push(isClientFacing(e) ? String(e.extensions.code) : 'INTERNAL_SERVER_ERROR');
          },
          willSendResponse: async () => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const outcome: Outcome = codes.includes('INTERNAL_SERVER_ERROR')
              ? 'server_error'
              : codes.length
                ? 'client_error'
                : 'success';
            this.graphqlRequests.inc({ operation, operation_type: operationType, outcome });
            this.graphqlDuration.observe({ operation, operation_type: operationType }, seconds);
            for (const code of codes) this.graphqlErrors.inc({ operation, code });
          },
        };
      },
    };
  }
}

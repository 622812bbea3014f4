import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { Counter } from 'prom-client';
import { ErrorCode } from '../platform/errors.js';
import { METRIC_PREFIX, type ServiceMetrics } from '../platform/metrics.js';
import type { GatewayContext } from './context.js';
import { operationCost, type QueryLimits } from './operation-limits.js';
import type { OperationRateLimiter } from './rate-limiter.js';

/**
 * Runs once an operation is parsed and validated, before anything executes: the cost limit,
 * the per-key rate limit (weighted by that cost), and introspection for admins only in
 * production.
 */
export function gatewayGuard(options: {
  limits: QueryLimits;
  rateLimiter: OperationRateLimiter;
  metrics: ServiceMetrics;
  introspectionForAdminsOnly: boolean;
}): ApolloServerPlugin<GatewayContext> {
  const limited = new Counter({
    name: `${METRIC_PREFIX}rate_limited_requests_total`,
    help: 'Requests refused with 429, by role (anonymous = no valid key, limited per IP)',
    labelNames: ['role'],
    registers: [options.metrics.registry],
  });
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, operation, request, contextValue }) => {
        if (!operation) return;
        if (options.introspectionForAdminsOnly && contextValue.caller.role !== 'admin') {
          const introspects = operation.selectionSet.selections.some(
            (s) => s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type'),
          );
          if (introspects)
            throw new GraphQLError('Introspection is available to admin keys only.', {
              extensions: { code: ErrorCode.FORBIDDEN },
            });
        }
        const cost = operationCost(document, operation, request.variables ?? {});
        // Over the per-operation maximum, or over the caller's whole budget per minute: no wait
        // would let it pass, so it is refused as too complex and costs nothing.
        const budget = options.rateLimiter.budgetOf(contextValue.caller);
        const maxCost = Math.min(options.limits.maxCost, budget);
        if (cost > maxCost) {
          const which = maxCost === budget ? `this key's whole budget of ${budget} per minute` : `the limit of ${maxCost}`;
          throw new GraphQLError(`Estimated cost ${cost} exceeds ${which}; ask for smaller pages or fewer aliases.`, {
            extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, cost, maxCost, budgetPerMinute: budget },
          });
        }
        const decision = await options.rateLimiter.consume(contextValue.caller, contextValue.ip, cost);
        if (!decision.allowed) {
          limited.inc({ role: contextValue.caller.role ?? 'anonymous' });
          throw new GraphQLError(`Rate limit reached for this key; retry in ${decision.retryAfterSeconds} s.`, {
            extensions: {
              code: ErrorCode.RATE_LIMITED,
              retryAfterSeconds: decision.retryAfterSeconds,
              http: { status: 429, headers: new Map([['retry-after', String(decision.retryAfterSeconds)]]) },
            },
          });
        }
      },
    }),
  };
}

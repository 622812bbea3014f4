import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { maskedError } from '../errors.js';
import type { GraphQLHttpService } from '../graphql-http.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import type { Caller } from '../security/caller.js';
import type { IdentityTokens } from '../security/identity.js';

/** The connection parameter that carries the gateway-signed identity (as the HTTP header does). */
export const IDENTITY_PARAM = 'identity';
/** graphql-ws close code for a refused connection (the protocol's own "Forbidden"). */
export const CLOSE_FORBIDDEN = 4403;

/**
 * A subgraph's subscriptions over graphql-ws on its own /graphql path. Like its HTTP
 * endpoint, it only talks to the gateway: a connection without a valid signed identity is
 * closed with 4403 before any operation runs.
 */
export function serveSubgraphSubscriptions<TContext extends object>(
  http: GraphQLHttpService,
  options: {
    schema: GraphQLSchema;
    identity: IdentityTokens;
    log: Logger;
    metrics: ServiceMetrics;
    context(caller: Caller, requestId: string): TContext;
  },
): void {
  const wss = new WebSocketServer({ server: http.server, path: '/graphql' });
  const identityOf = (params: Readonly<Record<string, unknown>> | undefined) => {
    const token = params?.[IDENTITY_PARAM];
    return options.identity.verify(typeof token === 'string' ? token : undefined);
  };
  const server = useServer(
    {
      schema: options.schema,
      onConnect: async (ctx) => Boolean(await identityOf(ctx.connectionParams)),
      context: async (ctx) => {
        const caller = await identityOf(ctx.connectionParams);
        if (!caller) throw new Error('identity expired during the connection');
        const requestId = typeof ctx.connectionParams?.requestId === 'string' ? ctx.connectionParams.requestId : randomUUID();
        return options.context(caller, requestId);
      },
      onError: (_ctx, _id, _payload, errors) => {
        options.log.warn({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
      // The same masking rule as HTTP: events reach the gateway with coded errors only.
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return result;
        const requestId = typeof ctx.connectionParams?.requestId === 'string' ? ctx.connectionParams.requestId : 'unknown';
        const log = options.log.child({ requestId });
        return { ...result, errors: result.errors.map((e) => maskedError(e, log, requestId)) };
      },
    },
    wss,
  );
  http.onClose(async () => {
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}

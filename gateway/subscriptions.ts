import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { ClientTls } from '../platform/tls.js';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { ErrorCode, maskedError, MAX_ERRORS_PER_RESPONSE } from '../platform/errors.js';
import type { GraphQLHttpService } from '../platform/graphql-http.js';
import type { Logger } from '../platform/logger.js';
import type { ServiceMetrics } from '../platform/metrics.js';
import { callerId, type Caller } from '../platform/security/caller.js';
import { tokenFromHeaders } from '../platform/security/api-keys.js';
import type { CallerAuthenticator } from './oidc.js';
import type { IdentityTokens } from '../platform/security/identity.js';
import { IDENTITY_PARAM } from '../platform/subscriptions/subgraph-subscriptions.js';
import type { GatewayContext } from './context.js';
import type { QueryLimits } from './operation-limits.js';
import { WebSocketGuard, type WebSocketLimits } from './websocket-limits.js';

type GatewayRequestContext = Parameters<typeof executeQueryPlan>[2];
/** The schema hash is a branded string; events replayed through a plan have none of their own. */
const SUBSCRIPTION_SCHEMA_HASH = 'subscription-event' as GatewayRequestContext['schemaHash'];
type ApiSchema = Parameters<typeof executeQueryPlan>[5];

export interface GatewaySubscriptionOptions {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  /** The gateway's own data sources, for the fields other subgraphs resolve per event. */
  dataSource(name: string): GraphQLDataSource<GatewayContext>;
  authenticator: CallerAuthenticator;
  identity: IdentityTokens;
  limits: QueryLimits;
  /** The gateway's pre-validation checks (limits, literals), the same as over HTTP. */
  checkDocument: (query: string) => GraphQLError | null;
  websocket: WebSocketLimits;
  log: Logger;
  metrics: ServiceMetrics;
  /** TLS towards the subgraphs' WebSocket endpoints, as for HTTP. */
  tls?: ClientTls | undefined;
}

/**
 * Subscriptions on the gateway's one endpoint (ws://…/graphql, graphql-ws), which
 * @apollo/gateway cannot execute. The query planner already plans a subscription as a primary
 * fetch (the subgraph that owns the root field) plus a `rest` plan; here the primary fetch
 * becomes a graphql-ws subscription to that subgraph, and each event it sends is run through
 * the gateway's own executor with a plan whose first fetch replays the event, so fields owned
 * by other subgraphs resolve exactly as they do for a query.
 */
export function serveGatewaySubscriptions(http: GraphQLHttpService, options: GatewaySubscriptionOptions): void {
  const supergraph = Supergraph.build(options.supergraphSdl);
  const apiSchema: ApiSchema = supergraph.apiSchema();
  const schema: GraphQLSchema = apiSchema.toGraphQLJSSchema();
  const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const eventCache = new InMemoryLRUCache<string>({ maxSize: 1 });
  const callers = new WeakMap<object, Caller>();

  const wss = new WebSocketServer({ server: http.server, path: '/graphql' });
  const guard = new WebSocketGuard(wss, options.websocket);
  const server = useServer<Record<string, unknown>, { request: IncomingMessage; socket: WebSocket }>(
    {
      schema,
      // Same keys as HTTP: `authorization: "Bearer mi_…"` (or `x-api-key`) in connectionParams.
      onConnect: async (ctx) => {
        const caller = await options.authenticator.authenticate(tokenFromParams(ctx.connectionParams));
        if (!caller) return false;
        if (!guard.admitKey(ctx.extra.socket, callerId(caller))) return false;
        callers.set(ctx.extra.socket, caller);
        return true;
      },
      onComplete: (ctx, id) => guard.endSubscription(ctx.extra.socket, id),
      onSubscribe: (ctx, id, payload) => {
        if (!guard.canSubscribe(ctx.extra.socket)) {
          return [
            coded(
              `At most ${options.websocket.maxSubscriptionsPerConnection} subscriptions at once on one connection; complete one first.`,
              ErrorCode.RATE_LIMITED,
            ),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.limits.maxTokens });
        } catch (err) {
          return [coded(err instanceof GraphQLError ? err.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')];
        }
        const refused = options.checkDocument(payload.query);
        if (refused) return [refused];
        const errors = validate(schema, document, specifiedRules, { maxErrors: MAX_ERRORS_PER_RESPONSE });
        if (errors.length > 0)
          return errors
            .slice(0, MAX_ERRORS_PER_RESPONSE)
            .map((e) => coded(e.message, String(e.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED')));
        guard.startSubscription(ctx.extra.socket, id);
        return {
          schema,
          document,
          variableValues: payload.variables ?? {},
          operationName: payload.operationName ?? undefined,
        } satisfies ExecutionArgs;
      },
      context: (ctx) => ({ caller: callers.get(ctx.extra.socket), requestId: randomUUID() }),
      execute: () => ({
        errors: [coded('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', 'BAD_REQUEST')],
      }),
      subscribe: (args) => subscribe(args),
    },
    wss,
  );
  http.onClose(async () => {
    guard.close();
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  async function* subscribe(args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
    const context = args.contextValue as { caller?: Caller; requestId: string };
    const caller = context.caller;
    if (!caller || caller.kind === 'anonymous') {
      yield { errors: [coded('Connect with an API key in connectionParams.authorization.', ErrorCode.UNAUTHENTICATED)] };
      return;
    }
    const log = options.log.child({ requestId: context.requestId, transport: 'websocket' });
    const operation = operationFromDocument(apiSchema, args.document, { operationName: args.operationName ?? undefined });
    const plan = planner.buildQueryPlan(operation);
    const node = plan.node;
    if (node?.kind !== 'Subscription') {
      yield {
        errors: [coded('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', 'BAD_REQUEST')],
      };
      return;
    }
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    const url = options.subgraphUrls[node.primary.serviceName];
    if (!url) throw new Error(`no URL for subgraph ${node.primary.serviceName}`);
    const client = connect(url, await options.identity.sign(caller), context.requestId, options.tls);
    options.metrics.graphqlRequests.inc({
      operation: options.metrics.operations.label(args.operationName),
      operation_type: 'subscription',
      outcome: 'success',
    });
    const upstream = client.iterate({
      query: node.primary.operation,
      variables: Object.fromEntries((node.primary.variableUsages ?? []).map((name) => [name, variables[name]])),
      operationName: node.primary.operationName ?? undefined,
    });
    const gatewayContext: GatewayContext = { requestId: context.requestId, log, caller, ip: 'websocket' };
    const operationContext = buildOperationContext({
      schema,
      operationDocument: args.document,
      operationName: args.operationName ?? undefined,
    });
    try {
      for await (const event of upstream) {
        if (!event.data) {
          yield {
            errors: (event.errors ?? []).map((e) =>
              coded(e.message, String(e.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR)),
            ),
          };
          continue;
        }
        const replay = replaySource(event);
        const serviceMap: ServiceMap = new Proxy({} as ServiceMap, {
          get: (_t, name: string) => (name === node.primary.serviceName ? replay : options.dataSource(name)),
        });
        const perEvent: QueryPlan = {
          kind: 'QueryPlan',
          node: node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : (node.primary as PlanNode),
        };
        // Only request, context and logger are read while executing a plan; the rest is what
        // the interface requires of an HTTP request and has no meaning for a replayed event.
        const requestContext: GatewayRequestContext = {
          request: { query: '', variables },
          context: gatewayContext,
          metrics: {},
          logger: log,
          schema,
          schemaHash: SUBSCRIPTION_SCHEMA_HASH,
          cache: eventCache,
          queryHash: '',
          document: args.document,
          source: '',
          operationName: args.operationName ?? null,
          operation: operationContext.operation,
          overallCachePolicy: undefined,
        };
        const result = await executeQueryPlan(
          perEvent,
          serviceMap,
          requestContext,
          operationContext,
          supergraphSchema,
          apiSchema,
        );
        yield {
          data: result.data ?? null,
          ...(result.errors?.length ? { errors: result.errors.map((e) => maskedError(e, log, context.requestId)) } : {}),
        } as ExecutionResult;
      }
    } catch (err) {
      // The subgraph refused or failed the subscription: pass its coded errors, hide the rest.
      const errors = Array.isArray(err) ? (err as GraphQLError[]) : [err];
      yield { errors: errors.map((e) => maskedError(e, log, context.requestId)) };
    } finally {
      await upstream.return?.(undefined);
      await client.dispose();
    }
  }
}

/** One subgraph connection per client subscription, carrying the caller's signed identity. */
function connect(httpUrl: string, identityToken: string, requestId: string, tls: ClientTls | undefined): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    // graphql-ws constructs the socket itself; the TLS options (CA, client certificate) ride along.
    webSocketImpl: tls
      ? class extends WebSocket {
          constructor(address: string | URL, protocols?: string | string[]) {
            super(address, protocols, { ...tls });
          }
        }
      : WebSocket,
    connectionParams: { [IDENTITY_PARAM]: identityToken, requestId },
    retryAttempts: 0,
    lazy: true,
    onNonLazyError: () => undefined,
  });
}

/** The primary fetch's data source for one event: it answers with the event instead of a request. */
function replaySource(event: FormattedExecutionResult<Record<string, unknown>, unknown>): GraphQLDataSource<GatewayContext> {
  return {
    process: async () => ({ data: event.data ?? null, ...(event.errors ? { errors: event.errors } : {}) }),
  } as GraphQLDataSource<GatewayContext>;
}

/** connectionParams read as the HTTP headers are (`authorization: Bearer …` or `x-api-key`). */
function tokenFromParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const text = (name: string) => (typeof params?.[name] === 'string' ? params[name] : undefined);
  return tokenFromHeaders({
    authorization: text('authorization') ?? text('Authorization'),
    'x-api-key': text('x-api-key') ?? text('apiKey'),
  });
}

function coded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

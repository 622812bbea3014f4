import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { applyMiddleware, type IMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { inSpan } from './tracing.js';
import type { SubgraphName } from './subgraph-catalog.js';
import { errorResponses, maskError, MAX_ERRORS_PER_RESPONSE } from './errors.js';
import { documentCheck, storableLiterals } from './document-check.js';
import { createGraphQLHttpServer, type AuthenticatedRoute, type GraphQLHttpService } from './graphql-http.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import type { RequestContext } from './request-context.js';
import type { AuditLog } from './security/audit-log.js';
import { IDENTITY_HEADER, type IdentityTokens } from './security/identity.js';
import { permissionsFor } from './security/permissions.js';
import type { ServerTls } from './tls.js';
import { serveSubgraphSubscriptions } from './subscriptions/subgraph-subscriptions.js';

/** A subgraph, ready to serve: its Apollo server and how to build a request's context. No listen here. */
export interface Subgraph<TContext extends RequestContext> {
  name: SubgraphName;
  apollo: ApolloServer<TContext>;
  metrics: ServiceMetrics;
  auditLog: AuditLog;
  context(base: RequestContext): TContext;
  /** Set when the subgraph has subscriptions: served over graphql-ws on the same /graphql path. */
  subscriptionSchema?: GraphQLSchema;
  /** GET routes beside /graphql, behind the same signed identity (the Trajectory subgraph's images). */
  routes?: readonly AuthenticatedRoute[];
  /** Background work to start before serving and stop before the database closes. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** The subgraph schema with its resolvers and the permission rules applied. */
/**
 * A span around each root field (and `_entities`, how the gateway resolves entity fields): the
 * resolvers that matter for where a request spends its time; the database queries beneath them
 * are their children. Nested fields are not traced, they are many and cheap.
 */
function rootFieldSpans(subgraph: SubgraphName): IMiddleware {
  const traced: IMiddlewareFunction = (resolve, parent, args, context, info) =>
    inSpan(`${info.parentType.name}.${info.fieldName}`, { 'graphql.field.path': info.fieldName, 'mi.service': subgraph }, () =>
      Promise.resolve(resolve(parent, args, context, info)),
    );
  return { Query: traced, Mutation: traced };
}

export function buildProtectedSchema(options: { name: SubgraphName; typeDefs: DocumentNode; resolvers: object }): GraphQLSchema {
  // Codegen's typed resolver map and @apollo/subgraph's map describe the same object.
  const schema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> });
  return applyMiddleware(schema, rootFieldSpans(options.name), permissionsFor(options.name, schema));
}

export function createSubgraphApollo<TContext extends RequestContext>(options: {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: object;
  log: Logger;
  isProduction: boolean;
  metrics: ServiceMetrics;
  /** A schema already built with buildProtectedSchema (to share it with the WebSocket server). */
  schema?: GraphQLSchema;
}): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema: options.schema ?? buildProtectedSchema(options),
    formatError: maskError(),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.isProduction,
    introspection: !options.isProduction,
    validationOptions: { maxErrors: MAX_ERRORS_PER_RESPONSE },
    plugins: [
      errorResponses<TContext>(),
      // Inline traces are for Apollo's hosted studio, which we do not use.
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of GraphQL answers here; the default cache-control plugin would still wrap
      // every field resolver to collect hints nobody reads (a share of CPU on every page).
      ApolloServerPluginCacheControlDisabled(),
      options.metrics.plugin<TContext>(),
      auditPlugin<TContext>(),
      ...(options.isProduction ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
}

/** Every mutation leaves an audit row: allowed ones from their transaction, the rest here. */
function auditPlugin<TContext extends RequestContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, operationName, request, contextValue }) => {
        if (operation?.operation !== 'mutation') return;
        contextValue.audit.begin(operationName ?? null, rootFields(operation), request.variables);
      },
      willSendResponse: async ({ contextValue, errors }) => {
        if (!contextValue.audit.isMutation) return;
        const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        await contextValue.audit.finish(codes).catch((err: unknown) => contextValue.log.error({ err }, 'audit row not written'));
      },
    }),
  };
}

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/** Serve a subgraph over HTTP; only requests with a valid gateway-signed identity get through. */
export async function serveSubgraph<TContext extends RequestContext>(
  subgraph: Subgraph<TContext>,
  options: {
    log: Logger;
    bodyLimitBytes: number;
    ready: () => Promise<boolean>;
    identity: IdentityTokens;
    /** HTTPS (and WSS) towards the gateway, mutual when a client CA is set. */
    tls?: ServerTls | undefined;
  },
): Promise<GraphQLHttpService> {
  await subgraph.apollo.start();
  const http = createGraphQLHttpServer<TContext>({
    apollo: subgraph.apollo,
    log: options.log,
    bodyLimitBytes: options.bodyLimitBytes,
    ready: options.ready,
    tls: options.tls,
    metrics: subgraph.metrics,
    checkDocument: documentCheck([storableLiterals]),
    ...(subgraph.routes ? { routes: subgraph.routes } : {}),
    authenticate: async (req) => {
      const header = req.headers[IDENTITY_HEADER];
      return options.identity.verify(typeof header === 'string' ? header : undefined);
    },
    context: async ({ requestId, log, caller }) =>
      subgraph.context({ requestId, log, caller, audit: subgraph.auditLog.forRequest(subgraph.name, requestId, caller) }),
  });
  if (subgraph.subscriptionSchema) {
    serveSubgraphSubscriptions(http, {
      schema: subgraph.subscriptionSchema,
      identity: options.identity,
      log: options.log,
      metrics: subgraph.metrics,
      context: (caller, requestId) =>
        subgraph.context({
          requestId,
          log: options.log.child({ requestId }),
          caller,
          audit: subgraph.auditLog.forRequest(subgraph.name, requestId, caller),
        }),
    });
  }
  return http;
}

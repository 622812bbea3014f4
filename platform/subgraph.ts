import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode } from 'graphql';
import { maskError } from './errors.js';
import { createGraphQLHttpServer, type GraphQLHttpService } from './graphql-http.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { ANONYMOUS, type RequestContext } from './request-context.js';

/** A subgraph, ready to serve: its Apollo server and how to build a request's context. No listen here. */
export interface Subgraph<TContext extends RequestContext> {
  name: string;
  apollo: ApolloServer<TContext>;
  metrics: ServiceMetrics;
  context(base: RequestContext): TContext;
}

export function createSubgraphApollo<TContext extends BaseContext>(options: {
  typeDefs: DocumentNode;
  resolvers: object;
  log: Logger;
  isProduction: boolean;
  metrics: ServiceMetrics;
}): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    // Codegen's typed resolver map and @apollo/subgraph's map describe the same object.
    schema: buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    formatError: maskError(options.log),
    includeStacktraceInErrorResponses: false,
    introspection: !options.isProduction,
    // Inline traces are for Apollo's hosted studio, which we do not use.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      options.metrics.plugin<TContext>(),
      ...(options.isProduction ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
}

/** Serve a subgraph over HTTP; starts its Apollo server first. */
export async function serveSubgraph<TContext extends RequestContext>(
  subgraph: Subgraph<TContext>,
  options: { log: Logger; bodyLimitBytes: number; ready: () => Promise<boolean> },
): Promise<GraphQLHttpService> {
  await subgraph.apollo.start();
  return createGraphQLHttpServer({
    apollo: subgraph.apollo,
    log: options.log,
    bodyLimitBytes: options.bodyLimitBytes,
    ready: options.ready,
    metrics: subgraph.metrics,
    context: async ({ requestId, log }) => subgraph.context({ requestId, log, caller: ANONYMOUS }),
  });
}

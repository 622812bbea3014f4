import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '../platform/config.js';
import { maskError } from '../platform/errors.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { createGraphQLHttpServer, type GraphQLHttpService } from '../platform/graphql-http.js';
import type { Logger } from '../platform/logger.js';
import { ANONYMOUS } from '../platform/request-context.js';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './subgraph-data-source.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph is reachable; overrides the URLs baked into the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  log: Logger;
  isProduction: boolean;
  bodyLimitBytes: number;
}

export interface Gateway {
  http: GraphQLHttpService;
  apollo: ApolloServer<GatewayContext>;
  metrics: ServiceMetrics;
}

/** The one endpoint clients use: @apollo/gateway over the committed supergraph. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { log } = options;
  const metrics = new ServiceMetrics('gateway');
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const override = options.subgraphUrls[name as SubgraphName];
      // Node's own fetch (undici, keep-alive) instead of the default make-fetch-happen, which
      // cost a measurable share of the gateway's CPU per request (see docs/performance.md).
      return new SubgraphDataSource({ url: override ?? url, fetcher: (input, init) => fetch(input, init) });
    },
    logger: log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskError(log),
    includeStacktraceInErrorResponses: false,
    introspection: !options.isProduction,
    plugins: [metrics.plugin<GatewayContext>(), ...(options.isProduction ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    log,
    bodyLimitBytes: options.bodyLimitBytes,
    metrics,
    context: async ({ requestId, log: reqLog }) => ({ requestId, log: reqLog, caller: ANONYMOUS }),
    ready: () => subgraphsReady(options.subgraphUrls),
  });
  return { http, apollo, metrics };
}

/** Ready when every subgraph answers its own readiness probe. */
async function subgraphsReady(urls: Record<string, string>): Promise<boolean> {
  const checks = Object.values(urls).map(async (url) => {
    const probe = new URL('/_readiness', url);
    const res = await fetch(probe, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  });
  return (await Promise.all(checks.map((c) => c.catch(() => false)))).every(Boolean);
}

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '../platform/config.js';
import { maskError } from '../platform/errors.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { createGraphQLHttpServer, type GraphQLHttpService } from '../platform/graphql-http.js';
import type { Logger } from '../platform/logger.js';
import { tokenFromHeaders, type ApiKeyAuthenticator } from '../platform/security/api-keys.js';
import type { IdentityTokens } from '../platform/security/identity.js';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './subgraph-data-source.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph is reachable; overrides the URLs baked into the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  log: Logger;
  isProduction: boolean;
  bodyLimitBytes: number;
  authenticator: ApiKeyAuthenticator;
  identity: IdentityTokens;
}

export interface Gateway {
  http: GraphQLHttpService;
  apollo: ApolloServer<GatewayContext>;
  metrics: ServiceMetrics;
}

/**
 * @apollo/gateway reports usage to Apollo and probes cloud metadata addresses (AWS, GCP, Azure)
 * unless told not to. This platform sends nothing anywhere but its own services and database,
 * so the telemetry is off unless an operator explicitly turns it on.
 */
export function disableApolloTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}

/** The one endpoint clients use: @apollo/gateway over the committed supergraph. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  disableApolloTelemetry();
  const { log } = options;
  const metrics = new ServiceMetrics('gateway');
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const override = options.subgraphUrls[name as SubgraphName];
      // Node's own fetch (undici, keep-alive) instead of the default make-fetch-happen, which
      // cost a measurable share of the gateway's CPU per request (see docs/performance.md).
      return new SubgraphDataSource(options.identity, { url: override ?? url, fetcher: (input, init) => fetch(input, init) });
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
    authenticate: (req) => options.authenticator.authenticate(tokenFromHeaders(req.headers)),
    context: async ({ requestId, log: reqLog, caller }) => ({ requestId, log: reqLog, caller }),
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

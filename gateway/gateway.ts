import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../platform/subgraph-catalog.js';
import { documentCheck, storableLiterals } from '../platform/document-check.js';
import { errorResponses, maskError, MAX_ERRORS_PER_RESPONSE } from '../platform/errors.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { createGraphQLHttpServer, HttpRefusal, type GraphQLHttpService, type Readiness } from '../platform/graphql-http.js';
import { ANONYMOUS } from '../platform/security/caller.js';
import { gatewayGuard } from './gateway-guard.js';
import { limitChecks } from './operation-limits.js';
import { resilientFetch, SubgraphCircuit } from './subgraph-resilience.js';
import { deduplicateQueries } from './subgraph-dedupe.js';
import { subgraphFetch, type SubgraphFetch } from './subgraph-fetch.js';
import { bearerAuthenticator, OidcAuthenticator } from './oidc.js';
import { TrustedDocuments } from './trusted-documents.js';
import type { ClientTls, ServerTls } from '../platform/tls.js';
import { OperationRateLimiter } from './rate-limiter.js';
import { componentLogger, type Logger } from '../platform/logger.js';
import { ApiKeyAuthenticator, tokenFromHeaders, type ApiKeyStore } from '../platform/security/api-keys.js';
import type { Config } from '../platform/config.js';
import type { IdentityTokens } from '../platform/security/identity.js';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { serveGatewaySubscriptions } from './subscriptions.js';
import { gatewayPages } from './pages.js';
import { proxyRoute } from './route-proxy.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph is reachable; overrides the URLs baked into the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  log: Logger;
  isProduction: boolean;
  bodyLimitBytes: number;
  keys: ApiKeyStore;
  identity: IdentityTokens;
  security: Config['security'];
  /** Timeouts, retries and circuit breakers for subgraph fetches; which subgraphs readiness needs. */
  resilience: Config['gateway']['resilience'];
  /** Limits on WebSocket clients. */
  websocket: Config['gateway']['websocket'];
  /** TLS towards the subgraphs (CA to trust, client certificate for mutual TLS). */
  subgraphTls?: ClientTls | undefined;
  /** PEM certificate and key: serve HTTPS. */
  tls?: ServerTls | undefined;
  /** What time it is for key expiry; injected by tests that need a key to expire. */
  clock?: () => Date;
}

export interface Gateway {
  http: GraphQLHttpService;
  apollo: ApolloServer<GatewayContext>;
  metrics: ServiceMetrics;
  /** After the HTTP server closed: stop Apollo and release the rate limiter's store. */
  stop(): Promise<void>;
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
  const limits = options.security.queryLimits;
  const trustedDocuments = TrustedDocuments.load(options.security.trustedDocuments);
  // API keys for machines; bearer JWTs from the configured identity providers for people.
  const authenticator = bearerAuthenticator(
    new ApiKeyAuthenticator(options.keys, options.security.apiKeyCacheTtlMs, options.clock),
    new OidcAuthenticator(options.security.oidc, componentLogger(log, 'oidc')),
  );
  const rateLimiter = OperationRateLimiter.fromUrl(options.security.rateLimits, options.security.redisUrl, {
    caFile: options.security.redisCaFile,
    onError: (err) =>
      log.error({ err: { message: err.message } }, 'rate-limit store (Redis) unavailable: each replica limits on its own'),
  });
  // Limits that must hold before validation runs, shared by HTTP and WebSocket.
  const checkDocument = documentCheck([...limitChecks(limits), storableLiterals], { maxTokens: limits.maxTokens });
  const dataSources = new Map<string, SubgraphDataSource>();
  const fetchOf = () => subgraphFetch({ timeoutMs: options.resilience.timeoutMs, tls: options.subgraphTls });
  // Readiness probes go over the same TLS as queries, and give up after 2 s.
  const probe = subgraphFetch({ timeoutMs: 2000, tls: options.subgraphTls });
  const circuits = new Map<string, SubgraphCircuit>();
  const circuitOf = (name: string) => {
    let circuit = circuits.get(name);
    if (!circuit) circuits.set(name, (circuit = new SubgraphCircuit(name, options.resilience)));
    return circuit;
  };
  const dataSource = (name: string, url?: string) => {
    let source = dataSources.get(name);
    if (!source) {
      const override = options.subgraphUrls[name as SubgraphName];
      // undici's request on a keep-alive pool (gateway/subgraph-fetch.ts) instead of the default
      // make-fetch-happen or the global fetch, both measurable shares of the gateway's CPU per
      // request (docs/performance.md), with a timeout, retries for queries and a circuit breaker.
      source = new SubgraphDataSource(options.identity, {
        url: override ?? url,
        fetcher: options.resilience.deduplicateQueries
          ? deduplicateQueries(resilientFetch(circuitOf(name), options.resilience, fetchOf()))
          : resilientFetch(circuitOf(name), options.resilience, fetchOf()),
      });
      dataSources.set(name, source);
    }
    return source;
  };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => dataSource(name, url),
    logger: log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskError(),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.isProduction,
    // In production only admins may introspect (enforced by the guard); elsewhere everyone.
    introspection: true,
    parseOptions: { maxTokens: limits.maxTokens },
    validationOptions: { maxErrors: MAX_ERRORS_PER_RESPONSE },
    plugins: [
      errorResponses<GatewayContext>(),
      // No HTTP caching of GraphQL answers (see platform/subgraph.ts).
      ApolloServerPluginCacheControlDisabled(),
      metrics.plugin<GatewayContext>(),
      gatewayGuard({ limits, rateLimiter, metrics, introspectionForAdminsOnly: options.isProduction }),
      // The browser IDE is our GraphiQL at /graphiql, bundled from npm; Apollo's landing page
      // would load Sandbox from Apollo's CDN, which a machine without internet cannot reach.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    log,
    bodyLimitBytes: options.bodyLimitBytes,
    metrics,
    tls: options.tls,
    pages: gatewayPages(),
    routes: SUBGRAPH_NAMES.flatMap((name) =>
      SUBGRAPHS[name].routes.map((prefix) =>
        proxyRoute({
          prefix,
          subgraphUrl: options.subgraphUrls[name],
          identity: options.identity,
          timeoutMs: options.resilience.timeoutMs,
          tls: options.subgraphTls,
          log,
        }),
      ),
    ),
    cors: options.security.cors,
    resolveDocument: (body, caller) => trustedDocuments.resolve(body, caller),
    checkDocument,
    authenticate: async (req) => {
      const caller = await authenticator.authenticate(tokenFromHeaders(req.headers));
      if (caller) return caller;
      // No valid key: limited per address, so keys cannot be guessed at speed.
      const decision = await rateLimiter.consume(ANONYMOUS, clientIp(req), 1);
      if (!decision.allowed) {
        throw new HttpRefusal(
          429,
          'RATE_LIMITED',
          `Too many requests without a valid key; retry in ${decision.retryAfterSeconds} s.`,
          {
            'retry-after': String(decision.retryAfterSeconds),
          },
        );
      }
      return null;
    },
    context: async ({ req, requestId, log: reqLog, caller }) => ({ requestId, log: reqLog, caller, ip: clientIp(req) }),
    ready: () => subgraphsReady(options.subgraphUrls, options.resilience.coreSubgraphs, circuitOf, probe),
  });
  serveGatewaySubscriptions(http, {
    supergraphSdl: options.supergraphSdl,
    subgraphUrls: options.subgraphUrls,
    dataSource: (name) => dataSource(name),
    authenticator,
    identity: options.identity,
    limits,
    checkDocument,
    websocket: options.websocket,
    log,
    metrics,
    tls: options.subgraphTls,
  });
  return {
    http,
    apollo,
    metrics,
    async stop() {
      await apollo.stop();
      await rateLimiter.close();
    },
  };
}

/**
 * Ready while every core subgraph answers its own readiness probe, so a load balancer keeps the
 * whole graph in service when one non-core subgraph is down; the body names what is down
 * (`degraded`) and each subgraph's circuit.
 */
async function subgraphsReady(
  urls: Record<string, string>,
  core: readonly string[],
  circuitOf: (name: string) => SubgraphCircuit,
  probe: SubgraphFetch,
): Promise<Readiness> {
  const states = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const up = await probe(new URL('/_readiness', url).toString(), { method: 'GET' })
        .then((r) => r.ok)
        .catch(() => false);
      return [name, { up, circuit: circuitOf(name).state }] as const;
    }),
  );
  const down = states.filter(([, s]) => !s.up).map(([name]) => name);
  const ready = !down.some((name) => core.includes(name));
  return {
    ready,
    status: !ready ? 'not ready' : down.length ? 'degraded' : 'ready',
    details: { down, subgraphs: Object.fromEntries(states) },
  };
}

/** The peer address; X-Forwarded-For is not trusted (put a proxy's own limits in front instead). */
function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

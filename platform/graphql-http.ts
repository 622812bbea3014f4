import { gzipSync } from 'node:zlib';
import { Server as NetServer } from 'node:net';
import type { ServerTls } from './tls.js';
import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './errors.js';
import { jsonProblem, REQUEST_JSON_LIMITS } from './input-hygiene.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { contextFromHeaders, tracer } from './tracing.js';
import { applyCors, type CorsPolicy } from './cors.js';
import { ANONYMOUS, type Caller } from './security/caller.js';

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  log: Logger;
  bodyLimitBytes: number;
  /**
   * Who is calling, checked before any GraphQL work: the gateway checks the API key, subgraphs
   * the gateway's signed identity. null → 401 UNAUTHENTICATED, and nothing else happens.
   */
  authenticate(req: IncomingMessage): Promise<Caller | null>;
  context(args: { req: IncomingMessage; requestId: string; log: Logger; caller: Caller }): Promise<TContext>;
  /** Whether the service can take traffic (its dependencies answer); a Readiness adds a status and details to the body. */
  ready(): Promise<boolean | Readiness>;
  /** Request metrics, served at /metrics (Prometheus text format). */
  metrics: ServiceMetrics;
  /** Serve HTTPS with this certificate and key (PEM). */
  /** HTTPS; with `clientCa`, clients must present a certificate it signed (mutual TLS). */
  tls?: ServerTls | undefined;
  /**
   * GET routes under a path prefix that serve data, so they take the same credential as /graphql
   * and are refused (401) without one; the handler checks the role (e.g. the images).
   */
  routes?: readonly AuthenticatedRoute[];
  /** Static files by exact path (public: no data, no key needed), e.g. the training page. */
  pages?: ReadonlyMap<string, StaticPage>;
  /** Browser pages on other origins (the gateway only; subgraphs are called by the gateway). */
  cors?: CorsPolicy | undefined;
  /** Swaps a trusted document's id for its text, or refuses the request (gateway/trusted-documents.ts). */
  resolveDocument?: (
    body: unknown,
    caller: Caller,
  ) => { ok: true; body: unknown } | { ok: false; status: number; code: string; message: string };
  /** Checks on the query text that must run before Apollo validates it (see document-check.ts). */
  checkDocument?: (query: string) => GraphQLError | null;
}

export interface AuthenticatedRoute {
  /** e.g. `/images/`. */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, request: { caller: Caller; requestId: string; url: URL }): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  /** e.g. `ready`, `degraded` (serving, with something down), `not ready`. */
  status: string;
  details?: Record<string, unknown>;
}

export interface StaticPage {
  contentType: string;
  body: Buffer;
  /** Replaces the default (strict) content security policy. */
  csp?: string;
  /** Replaces `no-cache` (hashed assets are immutable). */
  cacheControl?: string;
}

/** Same-origin scripts, styles and sockets only; nothing inline, nothing from elsewhere. */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const acceptsHtml = (req: IncomingMessage) => (req.headers.accept ?? '').includes('text/html');

/** Text assets are gzipped once, on first request, when the browser accepts it. */
const gzipped = new WeakMap<StaticPage, Buffer>();
function sendPage(req: IncomingMessage, res: ServerResponse, page: StaticPage): void {
  const headers: Record<string, string> = {
    'content-type': page.contentType,
    ...PAGE_SECURITY_HEADERS,
    ...(page.csp ? { 'content-security-policy': page.csp } : {}),
    ...(page.cacheControl ? { 'cache-control': page.cacheControl } : {}),
    vary: 'accept-encoding',
  };
  const compressible = page.body.length > 1024 && !page.contentType.startsWith('font/');
  if (compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    let body = gzipped.get(page);
    if (!body) {
      body = gzipSync(page.body);
      gzipped.set(page, body);
    }
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(page.body.length) });
  res.end(page.body);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

class PayloadTooLargeError extends Error {}

/** Thrown by `authenticate` to refuse a request with a specific HTTP answer (e.g. 429). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A node:http server around Apollo's transport-neutral executeHTTPGraphQLRequest, with the
 * platform's request id, health endpoints and body limit. Owning these few lines keeps
 * every service's HTTP behaviour identical without an HTTP framework.
 */
export interface GraphQLHttpService {
  server: Server;
  /** Resolves the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /**
   * Report not-ready, end subscriptions, keep answering for `drainMs` (each answer with
   * `Connection: close`, so clients about to reuse a kept-alive socket get an answer, not a
   * reset, and a load balancer sees readiness fail), then stop accepting, let in-flight requests
   * finish (up to `timeoutMs` in all) and drop idle sockets.
   */
  close(timeoutMs: number, drainMs?: number): Promise<void>;
  /** Run before the HTTP server closes (e.g. end WebSocket subscriptions, which hold upgraded sockets). */
  onClose(hook: () => Promise<void>): void;
}

export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): GraphQLHttpService {
  const { apollo, log, bodyLimitBytes } = options;
  let draining = false;
  // Answers not yet sent when draining starts must close their connections too.
  const inFlight = new Set<ServerResponse>();
  const closeHooks: (() => Promise<void>)[] = [];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    // While draining, every answer closes its connection: the client reads the whole answer and
    // opens a new connection (to another replica) for its next request, instead of racing its
    // next request against the server closing an idle keep-alive socket (a reset for the client).
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    const reqLog = log.child({ requestId });
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      options.metrics.observeHttp((req.url ?? '/').split('?')[0] ?? '/', res.statusCode);
      reqLog.debug(
        { method: req.method, path: req.url, status: res.statusCode, durationMs: Math.round(ms * 100) / 100 },
        'request',
      );
    });
    const handled = () =>
      handle(req, res, requestId, reqLog).catch((err: unknown) => {
        reqLog.error({ err }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, errorBody('Internal server error', 'INTERNAL_SERVER_ERROR', requestId));
        else res.end();
      });
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // GraphQL requests are traced (a child of the caller's trace when it sent `traceparent`);
    // probes and scrapes are not, they would be most of the spans and tell nothing.
    if (path !== '/graphql') return void handled();
    const parent = contextFromHeaders(req.headers);
    const span = tracer.startSpan(
      `${req.method ?? 'POST'} /graphql ${options.metrics.service}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? '',
          'url.path': path,
          'mi.service': options.metrics.service,
          'mi.request_id': requestId,
        },
      },
      parent,
    );
    res.on('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    void context.with(trace.setSpan(parent, span), handled);
  };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.clientCa ? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        handler,
      )
    : createServer(handler);

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, reqLog: Logger) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/_health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/_readiness') {
      const answer = draining ? false : await options.ready().catch(() => false);
      const readiness: Readiness =
        typeof answer === 'boolean' ? { ready: answer, status: answer ? 'ready' : 'not ready' } : answer;
      const status = draining ? 'draining' : readiness.status;
      return sendJson(res, readiness.ready ? 200 : 503, { status, ...readiness.details });
    }
    if (url.pathname === '/metrics') {
      res.setHeader('content-type', options.metrics.registry.contentType);
      res.end(await options.metrics.registry.metrics());
      return;
    }
    const page = req.method === 'GET' ? options.pages?.get(url.pathname) : undefined;
    if (page) return sendPage(req, res, page);
    // A browser opening /graphql gets the GraphiQL page (served from npm packages, no CDN).
    if (url.pathname === '/graphql' && req.method === 'GET' && options.pages?.has('/graphiql') && acceptsHtml(req)) {
      res.writeHead(302, { location: '/graphiql' });
      res.end();
      return;
    }
    if (url.pathname === '/graphql' && options.cors && applyCors(options.cors, req, res) === 'answered') return;
    const route = options.routes?.find((r) => url.pathname.startsWith(r.prefix));
    if (route && req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, errorBody(`${url.pathname} answers GET only`, 'METHOD_NOT_ALLOWED', requestId));
    }
    if (url.pathname !== '/graphql' && !route) {
      return sendJson(res, 404, errorBody(`No route ${url.pathname}; GraphQL is served at /graphql`, 'NOT_FOUND', requestId));
    }

    // Answer 413 so the client receives it: the rest of the body is read and thrown away
    // (closing the socket while the client still sends would reset its connection before it
    // reads the answer), up to a bound, after which the socket is closed.
    const tooLarge = () => {
      drainRequest(req);
      sendJson(res, 413, errorBody(`Request body exceeds ${bodyLimitBytes} bytes`, 'PAYLOAD_TOO_LARGE', requestId));
    };
    if (Number(req.headers['content-length'] ?? 0) > bodyLimitBytes) return tooLarge();
    // The browser landing page (Apollo Sandbox) is static HTML; the queries it sends carry keys.
    const landingPage = !route && req.method === 'GET' && acceptsHtml(req);
    let caller: Caller | null;
    try {
      caller = landingPage ? ANONYMOUS : await options.authenticate(req);
    } catch (err) {
      if (!(err instanceof HttpRefusal)) throw err;
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      return sendJson(res, err.status, errorBody(err.message, err.code, requestId));
    }
    if (!caller) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(
        res,
        401,
        errorBody(
          'A valid API key is required: send it as "Authorization: Bearer <key>" or "x-api-key"',
          'UNAUTHENTICATED',
          requestId,
        ),
      );
    }

    if (route) return route.handle(req, res, { caller, requestId, url });

    let body: unknown;
    try {
      body = await readBody(req, bodyLimitBytes);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) return tooLarge();
      return sendJson(res, 400, errorBody('Request body is not valid JSON', 'BAD_REQUEST', requestId));
    }

    if (options.resolveDocument) {
      const resolved = options.resolveDocument(body, caller);
      if (!resolved.ok) return sendJson(res, resolved.status, errorBody(resolved.message, resolved.code, requestId));
      body = resolved.body;
    }
    const refusal = inputRefusal(body, url.searchParams, options.checkDocument);
    if (refusal) {
      const { status, error } = refusal;
      return sendJson(res, status, { errors: [{ message: error.message, extensions: { ...error.extensions, requestId } }] });
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => options.context({ req, requestId, log: reqLog, caller }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return {
    server,
    listen: (port, host) => listen(server, port, host),
    onClose: (hook) => closeHooks.push(hook),
    close: async (timeoutMs, drainMs = 0) => {
      // Readiness turns 503 at once, so a load balancer stops sending; answers given meanwhile
      // close their connections. Then the listener stops and idle sockets are closed.
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const started = Date.now();
      await Promise.all(closeHooks.map((hook) => hook().catch((err: unknown) => log.warn({ err }, 'close hook failed'))));
      await new Promise((resolve) => setTimeout(resolve, Math.min(drainMs, timeoutMs / 2)));
      return closeServer(server, Math.max(0, timeoutMs - (Date.now() - started)));
    },
  };
}

/**
 * Input no service accepts, answered before Apollo sees the request: variables that are too
 * deep or too large or hold text Postgres cannot store (BAD_USER_INPUT, with the variable's
 * path), and documents refused by `checkDocument` (over a limit, or with such a literal).
 */
function inputRefusal(
  body: unknown,
  search: URLSearchParams,
  checkDocument: ((query: string) => GraphQLError | null) | undefined,
): { status: number; error: GraphQLError } | null {
  const request = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  let variables: unknown = request.variables;
  if (variables === undefined && search.has('variables')) {
    try {
      variables = JSON.parse(search.get('variables') ?? '');
    } catch {
      variables = undefined; // Apollo answers malformed GET variables itself
    }
  }
  const problem = jsonProblem(variables, 'variables', REQUEST_JSON_LIMITS);
  if (problem) {
    const path = problem.path.replace(/^variables\.?/, '');
    return {
      status: 400,
      error: new GraphQLError(`Invalid variables: ${problem.path} ${problem.message}`, {
        extensions: { code: ErrorCode.BAD_USER_INPUT, fieldErrors: [{ path: path || 'variables', message: problem.message }] },
      }),
    };
  }
  const query = typeof request.query === 'string' ? request.query : search.get('query');
  const refused = query && checkDocument ? checkDocument(query) : null;
  return refused ? { status: 400, error: refused } : null;
}

function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) return;
      if (size === 0) return resolve(undefined);
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = req.headers['content-type'] ?? '';
        resolve(type.includes('application/json') ? JSON.parse(text) : text);
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** What a refused body may still send before its connection is closed: bytes, then time. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

function drainRequest(req: IncomingMessage): void {
  if (req.readableEnded) return;
  let drained = 0;
  const stop = () => req.socket.destroy();
  const timer = setTimeout(stop, DRAIN_MAX_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) stop();
  });
  req.on('end', () => clearTimeout(timer));
  req.on('close', () => clearTimeout(timer));
  req.resume();
}

function errorBody(message: string, code: string, requestId: string) {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

/** An error from a route, shaped as GraphQL errors are, so clients read one format. */
export function sendError(res: ServerResponse, status: number, message: string, code: string, requestId: string): void {
  sendJson(res, status, errorBody(message, code, requestId));
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** After the listener stops, how long already-accepted connections get to deliver their request. */
const SETTLE_MS = 500;

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    timer.unref();
    // Stop accepting, but not as http.Server#close does, which also destroys every socket without
    // a request in progress at once: a connection accepted a moment ago whose request is still
    // unread would be reset (seen under CI load). Those get SETTLE_MS to be read, and answered
    // with `Connection: close`; then the sockets still idle are closed.
    NetServer.prototype.close.call(server, () => {
      clearTimeout(timer);
      resolve();
    });
    // Every answer now closes its connection, so a socket goes idle only when its client went
    // quiet: those are closed from then on until the last one is gone.
    setTimeout(
      () => {
        server.closeIdleConnections();
        setInterval(() => server.closeIdleConnections(), 100).unref();
      },
      Math.min(SETTLE_MS, timeoutMs / 2),
    ).unref();
  });
}

import { Agent, request } from 'undici';
import type { ClientTls } from '../platform/tls.js';
import { injectTraceHeaders } from '../platform/tracing.js';

/** What @apollo/gateway's data source needs of a response (a subset of fetch's Response). */
export interface SubgraphResponse {
  readonly bodyUsed: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: Headers;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  clone(): SubgraphResponse;
}

export interface SubgraphRequestInit {
  method?: string;
  headers?: Iterable<[string, string]> | Record<string, string>;
  body?: string | Buffer;
}

export type SubgraphFetch = (url: string, init?: SubgraphRequestInit) => Promise<SubgraphResponse>;

/** The request's headers as name–value pairs, whichever of the two shapes the gateway passed. */
export function headerEntries(headers: SubgraphRequestInit['headers']): Iterable<[string, string]> {
  if (headers === undefined) return [];
  return Symbol.iterator in Object(headers) ? (headers as Iterable<[string, string]>) : Object.entries(headers);
}

/** A whole, already-read subgraph answer: cloning and reading it twice cost nothing. */
export class BufferedResponse implements SubgraphResponse {
  readonly bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return String(this.status);
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return this;
  }
}

export interface SubgraphAgentOptions {
  timeoutMs: number;
  connections?: number;
  tls?: ClientTls | undefined;
}

/** The keep-alive pool every gateway → subgraph request goes through (GraphQL and routes alike). */
export function subgraphAgent(options: SubgraphAgentOptions): Agent {
  return new Agent({
    // Connecting counts against the same timeout; TLS towards the subgraphs: the CA to trust
    // and, for mutual TLS, the gateway's certificate.
    connect: { timeout: options.timeoutMs, ...options.tls },
    connections: options.connections ?? 128,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}

/**
 * Gateway → subgraph requests over undici's `request` on a keep-alive pool, instead of the global
 * `fetch`: fetch builds WHATWG streams, an AbortSignal and Request/Response objects for every
 * call, which the gateway's profile showed as a large share of its CPU per query (see
 * docs/performance.md, "Load"). The timeout is undici's own (connect, headers, then body), not a signal.
 */
export function subgraphFetch(options: SubgraphAgentOptions): SubgraphFetch {
  const agent = subgraphAgent(options);
  return async (url, init = {}) => {
    const headers = Object.fromEntries(headerEntries(init.headers));
    // The subgraph's spans join the trace as children of the gateway's fetch span (active here).
    injectTraceHeaders(headers);
    const response = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers,
      body: init.body,
      dispatcher: agent,
    });
    const text = await response.body.text();
    const responseHeaders = new Headers();
    for (const [k, v] of Object.entries(response.headers)) {
      if (typeof v === 'string') responseHeaders.set(k, v);
      else if (Array.isArray(v)) for (const item of v) responseHeaders.append(k, item);
    }
    return new BufferedResponse(url, response.statusCode, responseHeaders, text);
  };
}

// The gateway serialises a fetch as {"query":"…", …}. Only a body that is positively a query (an
// operation that starts with `query` or `{`) is retried or shared with an identical fetch.
const QUERY_BODY = /^\{"query":"(query[\s({]|\{)/;

export function isQueryFetch(body: SubgraphRequestInit['body']): boolean {
  const start = typeof body === 'string' ? body.slice(0, 24) : body ? body.subarray(0, 24).toString('utf8') : '';
  return QUERY_BODY.test(start);
}

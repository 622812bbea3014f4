import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from './errors.js';

export interface CorsPolicy {
  /** Exact origins (`https://console.example.org`) whose pages may call; empty: none. */
  origins: string[];
  /** Let browsers send cookies or HTTP auth along (our credential is a header, so off by default). */
  allowCredentials: boolean;
  /** How long a browser may reuse a preflight answer. */
  maxAgeSeconds: number;
}

/** What a browser app sends besides the body: the key, and what tracing and Apollo clients add. */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-api-key',
  'x-request-id',
  'traceparent',
  'tracestate',
  'apollo-require-preflight',
  'x-apollo-operation-name',
].join(', ');
/** What a browser app may read from an answer: when to retry, and the id to quote in a report. */
const EXPOSED_HEADERS = 'retry-after, x-request-id';

export type CorsOutcome = 'continue' | 'answered';

/**
 * Cross-origin requests from browsers: a page on an allowed origin may call (preflight answered
 * and cached, the answer readable, `Retry-After` and `x-request-id` exposed); a page on any other
 * origin is refused with 403 before anything runs. Requests without `Origin` (servers, curl) and
 * same-origin pages (the gateway's own pages) are untouched.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): CorsOutcome {
  const origin = req.headers.origin;
  if (!origin || sameOrigin(origin, req.headers.host)) return 'continue';
  const allowed = policy.origins.includes(origin);
  res.setHeader('vary', 'Origin');
  if (!allowed) {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errors: [
          {
            message: `Origin ${origin} may not call this API from a browser; ask an operator to add it to CORS_ORIGINS.`,
            extensions: { code: ErrorCode.CORS_ORIGIN_NOT_ALLOWED },
          },
        ],
      }),
    );
    return 'answered';
  }
  res.setHeader('access-control-allow-origin', origin);
  if (policy.allowCredentials) res.setHeader('access-control-allow-credentials', 'true');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': String(policy.maxAgeSeconds),
    });
    res.end();
    return 'answered';
  }
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  return 'continue';
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

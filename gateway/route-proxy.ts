import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { ErrorCode } from '../platform/errors.js';
import { sendError, type AuthenticatedRoute } from '../platform/graphql-http.js';
import type { Logger } from '../platform/logger.js';
import { IDENTITY_HEADER, type IdentityTokens } from '../platform/security/identity.js';
import type { ClientTls } from '../platform/tls.js';
import { subgraphAgent } from './subgraph-fetch.js';

/** What a subgraph's answer may say to the client; everything else (its own headers) stays behind. */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'cache-control',
  'content-security-policy',
  'x-content-type-options',
  'cross-origin-resource-policy',
];

/**
 * A subgraph's GET route (e.g. the Trajectory subgraph's images), reached through the gateway as
 * /graphql is: the gateway checks the caller's key, the subgraph gets the signed identity and
 * decides what that caller may see. Bytes are streamed through, never buffered or re-encoded.
 */
export function proxyRoute(options: {
  prefix: string;
  /** The subgraph's /graphql URL; the route is resolved against its origin. */
  subgraphUrl: string;
  identity: IdentityTokens;
  timeoutMs: number;
  tls?: ClientTls | undefined;
  log: Logger;
}): AuthenticatedRoute {
  const agent = subgraphAgent(options);
  return {
    prefix: options.prefix,
    async handle(req, res, { caller, requestId, url }) {
      const headers: Record<string, string> = { 'x-request-id': requestId };
      if (caller.kind !== 'anonymous') headers[IDENTITY_HEADER] = await options.identity.sign(caller);
      let answer: Awaited<ReturnType<typeof request>>;
      try {
        answer = await request(new URL(url.pathname, options.subgraphUrl), {
          method: req.method === 'HEAD' ? 'HEAD' : 'GET',
          headers,
          dispatcher: agent,
        });
      } catch (err) {
        options.log.warn({ err, path: url.pathname }, 'subgraph route unavailable');
        return sendError(
          res,
          503,
          'The service holding this is not answering; retry shortly',
          ErrorCode.SUBGRAPH_UNAVAILABLE,
          requestId,
        );
      }
      res.statusCode = answer.statusCode;
      for (const name of PASSED_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === 'string') res.setHeader(name, value);
      }
      await pipeline(answer.body, res).catch((err: unknown) => options.log.debug({ err }, 'client left during a route answer'));
    },
  };
}

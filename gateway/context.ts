import type { BaseRequestContext } from '../platform/request-context.js';

/** The gateway's request context: who is calling (authenticated API key), request id, logger, client address. */
export interface GatewayContext extends BaseRequestContext {
  ip: string;
}

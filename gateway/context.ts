import type { RequestContext } from '../platform/request-context.js';

/** The gateway's request context: the shared shape, nothing more (yet). */
export type GatewayContext = RequestContext;

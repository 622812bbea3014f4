import type { Logger } from './logger.js';
import type { RequestAudit } from './security/audit-log.js';
import type { Role } from './security/roles.js';

/**
 * Who is calling. The gateway authenticates the API key and forwards a signed identity; the
 * subgraphs verify it and build this. Resolvers and permissions read `ctx.caller` only.
 */
export type Caller =
  | { kind: 'api_key'; keyId: string; name: string; role: Role }
  | { kind: 'anonymous'; keyId: null; name: 'anonymous'; role: null };

export const ANONYMOUS: Caller = { kind: 'anonymous', keyId: null, name: 'anonymous', role: null };

/** What every request carries, in the gateway and in every subgraph. */
export interface BaseRequestContext {
  requestId: string;
  log: Logger;
  caller: Caller;
}

/** What every subgraph resolver receives, whatever else its subgraph adds. */
export interface RequestContext extends BaseRequestContext {
  /** Mutations record their audit row through this, inside their transaction. */
  audit: RequestAudit;
}

import type { Logger } from './logger.js';
import type { RequestAudit } from './security/audit-log.js';
import type { Caller } from './security/caller.js';

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

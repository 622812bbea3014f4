import type { Logger } from './logger.js';

/**
 * Who is calling. Today every caller is anonymous; authentication fills this in at the
 * gateway and forwards it, so resolvers read `ctx.caller` and never look at headers.
 */
export interface Caller {
  kind: 'anonymous';
  id: string;
}

export const ANONYMOUS: Caller = { kind: 'anonymous', id: 'anonymous' };

/** What every resolver in every service receives, whatever else its service adds. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  caller: Caller;
}

import type { Role } from './roles.js';

/**
 * Who is calling. The gateway authenticates the API key and forwards a signed identity; the
 * subgraphs verify it and build this. Resolvers and permissions read `ctx.caller` only.
 */
export type Caller =
  | { kind: 'api_key'; keyId: string; name: string; role: Role }
  | { kind: 'anonymous'; keyId: null; name: 'anonymous'; role: null };

export const ANONYMOUS: Caller = { kind: 'anonymous', keyId: null, name: 'anonymous', role: null };

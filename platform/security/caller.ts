import type { Role } from './roles.js';

/**
 * Who is calling. The gateway authenticates the API key and forwards a signed identity; the
 * subgraphs verify it and build this. Resolvers and permissions read `ctx.caller` only.
 */
export type Caller =
  | { kind: 'api_key'; keyId: string; name: string; role: Role }
  | { kind: 'anonymous'; keyId: null; name: 'anonymous'; role: null };

export const ANONYMOUS: Caller = { kind: 'anonymous', keyId: null, name: 'anonymous', role: null };

/**
 * Who a record says did something: the authenticated caller, never a name the client typed.
 * `id` is stable and unique (ratings are one per `id`); `name` is what people read.
 */
export interface ProvenIdentity {
  id: string;
  name: string;
}

export function provenIdentity(caller: Caller): ProvenIdentity {
  return caller.kind === 'api_key'
    ? { id: `api_key:${caller.keyId}`, name: caller.name }
    : { id: 'anonymous', name: 'anonymous' };
}

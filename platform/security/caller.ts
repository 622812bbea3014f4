import type { Role } from './roles.js';

/** Someone the gateway recognised: by an API key (machines), or by an OIDC token (people). */
export type AuthenticatedCaller =
  | { kind: 'api_key'; keyId: string; name: string; role: Role }
  /** `subject` is `<issuer>|<sub>`: unique across configured identity providers. */
  | { kind: 'oidc'; keyId: null; subject: string; name: string; role: Role };

/**
 * Who is calling. The gateway authenticates the API key or token and forwards a signed
 * identity; the subgraphs verify it and build this. Resolvers and permissions read `ctx.caller` only.
 */
export type Caller = AuthenticatedCaller | { kind: 'anonymous'; keyId: null; name: 'anonymous'; role: null };

export const ANONYMOUS: Caller = { kind: 'anonymous', keyId: null, name: 'anonymous', role: null };

/** The stable id of an authenticated caller: what rate limits, WebSocket limits and records key on. */
export function callerId(caller: AuthenticatedCaller): string {
  return caller.kind === 'api_key' ? `api_key:${caller.keyId}` : `oidc:${caller.subject}`;
}

/**
 * Who a record says did something: the authenticated caller, never a name the client typed.
 * `id` is stable and unique (ratings are one per `id`); `name` is what people read.
 */
export interface ProvenIdentity {
  id: string;
  name: string;
}

export function provenIdentity(caller: Caller): ProvenIdentity {
  return caller.kind === 'anonymous' ? { id: 'anonymous', name: 'anonymous' } : { id: callerId(caller), name: caller.name };
}

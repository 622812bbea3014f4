import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { AuthenticatedCaller } from './caller.js';
import { isRole } from './roles.js';

/** The header that carries the gateway-signed identity to the subgraphs. */
export const IDENTITY_HEADER = 'x-mi-identity';
const ISSUER = 'medillustrator-gateway';
const AUDIENCE = 'medillustrator-subgraphs';
const TTL_SECONDS = 60;

/**
 * Subgraphs trust only the gateway: it signs who is calling (key id, name, role)
 * with a shared secret (HS256), and every subgraph verifies the signature, audience and
 * expiry before executing anything. A forged or missing identity gets nothing.
 */
export class IdentityTokens {
  private readonly key: Uint8Array;
  private readonly previous: Uint8Array | undefined;

  /** `previous` is still accepted for verification while a new secret rolls out (docs/security.md). */
  constructor(secret: string, previous?: string) {
    for (const s of [secret, previous])
      if (s !== undefined && s.length < 32) throw new Error('identity secrets must have at least 32 characters');
    this.key = new TextEncoder().encode(secret);
    this.previous = previous === undefined ? undefined : new TextEncoder().encode(previous);
  }

  /** For the embedded default: one random secret per start, shared in-process. */
  static random(): IdentityTokens {
    return new IdentityTokens(randomBytes(32).toString('base64url'));
  }

  private readonly signed = new Map<string, { token: Promise<string>; refreshAt: number }>();
  private readonly verified = new Map<string, { caller: AuthenticatedCaller; until: number }>();

  /**
   * A token per key, reused for half its lifetime: signing costs ~35 µs, and the request id
   * travels in x-request-id anyway. Subgraphs cache what they verified until it expires.
   */
  sign(caller: AuthenticatedCaller): Promise<string> {
    const cacheKey = `${callerSubject(caller)}\n${caller.role}\n${caller.name}`;
    const now = Date.now();
    const hit = this.signed.get(cacheKey);
    if (hit && hit.refreshAt > now) return hit.token;
    if (this.signed.size > 10_000) this.signed.clear();
    const token = this.signFresh(caller).catch((err: unknown) => {
      this.signed.delete(cacheKey);
      throw err;
    });
    this.signed.set(cacheKey, { token, refreshAt: now + (TTL_SECONDS * 1000) / 2 });
    return token;
  }

  private signFresh(caller: AuthenticatedCaller): Promise<string> {
    return new SignJWT({ name: caller.name, role: caller.role, kind: caller.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(callerSubject(caller))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Returns the caller, or null for a missing, forged, expired or malformed token. */
  async verify(token: string | undefined): Promise<AuthenticatedCaller | null> {
    if (!token) return null;
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit && hit.until > now) return hit.caller;
    for (const key of this.previous ? [this.key, this.previous] : [this.key]) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.name !== 'string' || !isRole(payload.role)) return null;
        const caller: AuthenticatedCaller =
          payload.kind === 'oidc'
            ? { kind: 'oidc', keyId: null, subject: payload.sub, name: payload.name, role: payload.role }
            : { kind: 'api_key', keyId: payload.sub, name: payload.name, role: payload.role };
        if (this.verified.size > 10_000) this.verified.clear();
        this.verified.set(token, { caller, until: Math.min(now + TTL_SECONDS * 1000, (payload.exp ?? 0) * 1000) });
        return caller;
      } catch {
        // try the previous secret, if any
      }
    }
    return null;
  }
}

/** The token's `sub`: the key id, or the OIDC subject. */
function callerSubject(caller: AuthenticatedCaller): string {
  return caller.kind === 'api_key' ? caller.keyId : caller.subject;
}

import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Caller } from '../request-context.js';
import { isRole } from './roles.js';

/** The header that carries the gateway-signed identity to the subgraphs. */
export const IDENTITY_HEADER = 'x-mi-identity';
const ISSUER = 'medillustrator-gateway';
const AUDIENCE = 'medillustrator-subgraphs';
const TTL_SECONDS = 60;

/**
 * Subgraphs trust only the gateway: it signs who is calling (key id, name, role, request id)
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

  sign(caller: Extract<Caller, { kind: 'api_key' }>, requestId: string): Promise<string> {
    return new SignJWT({ name: caller.name, role: caller.role, rid: requestId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caller.keyId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Returns the caller, or null for a missing, forged, expired or malformed token. */
  async verify(token: string | undefined): Promise<Extract<Caller, { kind: 'api_key' }> | null> {
    if (!token) return null;
    for (const key of this.previous ? [this.key, this.previous] : [this.key]) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.name !== 'string' || !isRole(payload.role)) return null;
        return { kind: 'api_key', keyId: payload.sub, name: payload.name, role: payload.role };
      } catch {
        // try the previous secret, if any
      }
    }
    return null;
  }
}

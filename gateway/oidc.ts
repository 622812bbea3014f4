import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from '../platform/logger.js';
import type { AuthenticatedCaller } from '../platform/security/caller.js';
import { isRole, type Role } from '../platform/security/roles.js';

export interface OidcIssuer {
  /** The token's `iss`, exactly. */
  issuer: string;
  /** Where the issuer publishes its signing keys. */
  jwksUrl: string;
  /** The token's `aud` must include this. */
  audience: string;
  /** The claim that says the role: its value is a role name, or a key of `roleMap`. */
  roleClaim: string;
  /** Claim values → roles (e.g. `{ "educator": "annotator" }`); a value that is already a role name maps to itself. */
  roleMap: Record<string, Role>;
  /** The claim shown as the person's name in records (falls back to the subject). */
  nameClaim: string;
}

export interface OidcSettings {
  issuers: OidcIssuer[];
  /** After fetching an issuer's keys, how long before an unknown `kid` may fetch them again. */
  jwksCooldownMs: number;
}

/** Signature algorithms accepted: asymmetric only, so a public key can never act as an HMAC secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;

/** Who a bearer credential proves: an API key or, when identity providers are configured, an OIDC token. */
export interface CallerAuthenticator {
  authenticate(token: string | undefined): Promise<AuthenticatedCaller | null>;
}

/** Tokens shaped like JWTs go to OIDC (when configured), everything else is looked up as an API key. */
export function bearerAuthenticator(keys: CallerAuthenticator, oidc: OidcAuthenticator): CallerAuthenticator {
  return {
    authenticate: (token) => (token && oidc.enabled && looksLikeJwt(token) ? oidc.authenticate(token) : keys.authenticate(token)),
  };
}

/** A JWT is three base64url parts; API keys (`mi_…`) are not. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

/**
 * Bearer JWTs from configured identity providers, for people signing in to browser apps (API
 * keys stay for machines). The issuer's JWKS is cached; a token signed with a key it has not
 * seen fetches the set again (at most once per cooldown), so the provider can rotate keys.
 * Expiry, not-before, issuer and audience are checked; `alg: none` and HMAC algorithms are refused.
 */
export class OidcAuthenticator {
  private readonly verifiers = new Map<string, { issuer: OidcIssuer; keys: ReturnType<typeof createRemoteJWKSet> }>();

  constructor(
    settings: OidcSettings,
    private readonly log: Logger,
  ) {
    for (const issuer of settings.issuers) {
      const keys = createRemoteJWKSet(new URL(issuer.jwksUrl), {
        cooldownDuration: settings.jwksCooldownMs,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5000,
      });
      this.verifiers.set(issuer.issuer, { issuer, keys });
    }
  }

  get enabled(): boolean {
    return this.verifiers.size > 0;
  }

  /** The caller the token proves, or null (the reason goes to the debug log, not to the client). */
  async authenticate(token: string): Promise<AuthenticatedCaller | null> {
    try {
      const iss = decodeJwt(token).iss;
      const verifier = iss ? this.verifiers.get(iss) : undefined;
      if (!verifier) throw new Error(`issuer ${String(iss)} is not configured`);
      const { payload } = await jwtVerify(token, verifier.keys, {
        issuer: verifier.issuer.issuer,
        audience: verifier.issuer.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      });
      return callerFrom(verifier.issuer, payload);
    } catch (err) {
      this.log.debug({ reason: err instanceof Error ? err.message : String(err) }, 'OIDC token refused');
      return null;
    }
  }
}

function callerFrom(issuer: OidcIssuer, payload: JWTPayload): AuthenticatedCaller | null {
  const claim = payload[issuer.roleClaim];
  const value = Array.isArray(claim) ? claim.find((c) => typeof c === 'string' && roleOf(issuer, c)) : claim;
  const role = typeof value === 'string' ? roleOf(issuer, value) : null;
  if (!role || !payload.sub) throw new Error(`no role in claim ${issuer.roleClaim}`);
  const name = payload[issuer.nameClaim];
  return {
    kind: 'oidc',
    keyId: null,
    subject: `${issuer.issuer}|${payload.sub}`,
    name: typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : payload.sub,
    role,
  };
}

function roleOf(issuer: OidcIssuer, value: string): Role | null {
  const mapped = issuer.roleMap[value];
  if (mapped) return mapped;
  return isRole(value) ? value : null;
}

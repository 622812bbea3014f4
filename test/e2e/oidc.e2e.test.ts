import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/security.js';
import { RUNS_PGLITE } from '../support/database.js';
import { exampleVariables, post } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const ISSUER = 'https://id.medillustrator.test';
const AUDIENCE = 'medillustrator-graph';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

/** A token as the identity provider would issue it; `change` alters claims or the header for the bad cases. */
async function token(
  key: SigningKey,
  change: {
    claims?: Record<string, unknown>;
    issuer?: string;
    audience?: string;
    expires?: string | number;
    notBefore?: string | number;
  } = {},
) {
  const jwt = new SignJWT({ mi_role: 'educator', name: 'Dr. Amara Okafor', ...change.claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setSubject('user-4711')
    .setIssuer(change.issuer ?? ISSUER)
    .setAudience(change.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(change.expires ?? '10m');
  if (change.notBefore !== undefined) jwt.setNotBefore(change.notBefore);
  return jwt.sign(key.privateKey);
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.runIf(RUNS_PGLITE)('sign-in with OIDC tokens at the gateway (local JWKS server)', () => {
  let t: TestPlatform;
  let jwksServer: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let k1: SigningKey;
  let k2: SigningKey;
  const me = (bearer: string) =>
    post<{ me: { role: string; name: string; identity: string; keyId: string | null } }>(
      t.platform.gatewayUrl,
      '{ me { role name identity keyId } }',
      {},
      { authorization: `Bearer ${bearer}` },
    );

  beforeAll(async () => {
    k1 = await signingKey('k1');
    k2 = await signingKey('k2');
    published = [k1.publicJwk];
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
    t = await startTestPlatform({
      SEED_DEMO: 'false',
      OIDC_ISSUERS: JSON.stringify([
        { issuer: ISSUER, jwksUrl, audience: AUDIENCE, roleClaim: 'mi_role', roleMap: { educator: 'annotator' } },
      ]),
      OIDC_JWKS_COOLDOWN_MS: '0',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    jwksServer?.close();
  });

  it('a valid token signs the person in with the mapped role, and their records carry the subject', async () => {
    const bearer = await token(k1);
    const res = await me(bearer);
    expect(res.status).toBe(200);
    expect(res.body.data?.me).toEqual({
      role: 'ANNOTATOR',
      name: 'Dr. Amara Okafor',
      identity: `oidc:${ISSUER}|user-4711`,
      keyId: null,
    });
    const vars = exampleVariables<{ input: Record<string, unknown> }>('submit-trajectory');
    const submitted = await post<{ submitTrajectory: { trajectory: { submitter: string } } }>(
      t.platform.gatewayUrl,
      'mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { trajectory { submitter } } }',
      { input: { ...vars.input, idempotencyKey: 'oidc-1' } },
      { authorization: `Bearer ${bearer}` },
    );
    expect(submitted.body.data?.submitTrajectory.trajectory.submitter).toBe('Dr. Amara Okafor');
    const audited = await t.database.db.select({ keyName: auditLog.keyName, keyId: auditLog.keyId }).from(auditLog);
    expect(audited).toContainEqual({ keyName: `Dr. Amara Okafor (oidc ${ISSUER}|user-4711)`, keyId: null });
  });

  it.each([
    ['expired', () => token(k1, { expires: Math.floor(Date.now() / 1000) - 120 })],
    ['not yet valid', () => token(k1, { notBefore: Math.floor(Date.now() / 1000) + 600 })],
    ['for another audience', () => token(k1, { audience: 'someone-else' })],
    ['from an unknown issuer', () => token(k1, { issuer: 'https://evil.example' })],
    ['signed with a key the issuer does not publish (unknown kid)', async () => token({ ...(await signingKey('stranger')) })],
    ['with a role claim that maps to no role', () => token(k1, { claims: { mi_role: 'superuser' } })],
    [
      'alg: none',
      async () =>
        `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'user-4711', iss: ISSUER, aud: AUDIENCE, mi_role: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
    ],
    [
      'HS256 signed with the issuer’s public key as the secret',
      () =>
        new SignJWT({ mi_role: 'admin' })
          .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
          .setSubject('user-4711')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode(k1.publicPem)),
    ],
  ])('refuses a token %s with 401 UNAUTHENTICATED', async (_case, make) => {
    const res = await me(await make());
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('follows a key rotation: a token signed with the new key works once the issuer publishes it', async () => {
    expect((await me(await token(k2))).status).toBe(401);
    const before = fetches;
    published = [k2.publicJwk];
    const res = await me(await token(k2));
    expect(res.status).toBe(200);
    expect(res.body.data?.me.role).toBe('ANNOTATOR');
    expect(fetches).toBeGreaterThan(before);
  });

  it('API keys keep working beside tokens', async () => {
    const res = await post<{ me: { role: string; keyId: string | null } }>(t.platform.gatewayUrl, '{ me { role keyId } }');
    expect(res.body.data?.me.role).toBe('ADMIN');
    expect(res.body.data?.me.keyId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

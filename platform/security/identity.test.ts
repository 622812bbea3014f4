import { describe, expect, it } from 'vitest';
import { IdentityTokens } from './identity.js';

const caller = { kind: 'api_key' as const, keyId: '00000000-0000-4000-8000-000000000001', name: 'ops', role: 'admin' as const };
const OLD = 'old-secret-0123456789abcdefghijklmnopqrstuv';
const NEW = 'new-secret-0123456789abcdefghijklmnopqrstuv';

describe('IdentityTokens', () => {
  it('round-trips a caller', async () => {
    const t = new IdentityTokens(NEW);
    expect(await t.verify(await t.sign(caller))).toEqual(caller);
  });

  it('refuses tokens signed with another secret, tampered, unsigned or missing', async () => {
    const t = new IdentityTokens(NEW);
    const other = await new IdentityTokens(OLD).sign(caller);
    const good = await t.sign(caller);
    const [h, p] = good.split('.');
    const elevated = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin', sub: 'x' })).toString('base64url')}.${good.split('.')[2]}`;
    for (const token of [other, elevated, `${h}.${p}.`, 'not-a-jwt', undefined]) expect(await t.verify(token)).toBeNull();
  });

  it('during rotation, subgraphs accept the previous secret too; afterwards only the new one', async () => {
    const oldGateway = new IdentityTokens(OLD);
    const rotating = new IdentityTokens(NEW, OLD);
    expect(await rotating.verify(await oldGateway.sign(caller))).toEqual(caller);
    expect(await rotating.verify(await new IdentityTokens(NEW).sign(caller))).toEqual(caller);
    expect(await new IdentityTokens(NEW).verify(await oldGateway.sign(caller))).toBeNull();
  });

  it('rejects short secrets', () => {
    expect(() => new IdentityTokens('short')).toThrow(/32 characters/);
  });
});

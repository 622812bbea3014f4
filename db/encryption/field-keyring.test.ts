import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FieldKeyring,
  UnknownDataKeyError,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
  type KeyEncryptionKey,
} from './field-keyring.js';

const kek = (id: string): KeyEncryptionKey => ({ id, key: randomBytes(32) });

function keyring(keys: KeyEncryptionKey[], active: string | null, modelWeights = false) {
  return new FieldKeyring(
    { keys, activeKeyId: active, modelWeights },
    keys.map((k) => newDataKey(k.id)),
  );
}

describe('FieldKeyring', () => {
  const k1 = kek('k1');
  const ring = keyring([k1], 'k1', true);

  it('encrypts text so that each value differs, and reads it back', () => {
    const a = ring.encryptText('Dr. Okafor', 't.c');
    const b = ring.encryptText('Dr. Okafor', 't.c');
    expect(a).toMatch(/^enc:v1:[0-9a-f]{16}:/);
    expect(a).not.toBe(b);
    expect(ring.decryptText(a, 't.c')).toBe('Dr. Okafor');
    expect(ring.decryptText('written before encryption', 't.c')).toBe('written before encryption');
  });

  it('refuses a value moved to another column, altered, or under a key it does not hold', () => {
    const value = ring.encryptText('secret', 'educator_feedback.comment');
    // Read once where it belongs (and so remembered by the keyring), then from another column.
    expect(ring.decryptText(value, 'educator_feedback.comment')).toBe('secret');
    expect(() => ring.decryptText(value, 'educator_feedback.rater_name')).toThrow();
    const altered = value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => ring.decryptText(altered, 'educator_feedback.comment')).toThrow();
    expect(() => keyring([kek('k1')], 'k1').decryptText(value, 'educator_feedback.comment')).toThrow(UnknownDataKeyError);
  });

  it('encrypts bytes only when model weights are configured', () => {
    const weights = randomBytes(4096);
    const sealed = ring.encryptBytes(weights, 'm.w');
    expect(Buffer.from(sealed).includes(weights.subarray(0, 64))).toBe(false);
    expect(Buffer.from(ring.decryptBytes(sealed, 'm.w')).equals(weights)).toBe(true);
    const plainRing = keyring([k1], 'k1', false);
    expect(plainRing.encryptBytes(weights, 'm.w')).toBe(weights);
  });

  it('blind indexes: equal values match under the active key and are found under every configured key', () => {
    const k2 = kek('k2');
    const both = keyring([k1, k2], 'k2');
    expect(both.blindIndex('api_key:1')).toBe(both.blindIndex('api_key:1'));
    expect(both.blindIndex('api_key:1')).toMatch(/^k2:[0-9a-f]{64}$/);
    expect(both.blindIndex('api_key:1')).not.toBe(both.blindIndex('api_key:2'));
    const lookups = both.lookupIndexes('api_key:1');
    expect(lookups).toContain(ring.blindIndex('api_key:1'));
    expect(lookups).toContain(keyring([], null).blindIndex('api_key:1'));
    // Keyed: another deployment's key gives another index, so indexes cannot be matched across.
    expect(keyring([kek('k1')], 'k1').blindIndex('api_key:1')).not.toBe(ring.blindIndex('api_key:1'));
  });

  it('without keys it is off: plaintext through, plain SHA-256 indexes', () => {
    const off = keyring([], null);
    expect(off.enabled).toBe(false);
    expect(off.encryptText('x', 't.c')).toBe('x');
    expect(off.blindIndex('x')).toBe('p:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  });

  it('wraps a data key under its KEK; another KEK cannot unwrap it', () => {
    const dek = newDataKey('k1');
    const wrapped = wrapDataKey(k1, dek);
    expect(unwrapDataKey(k1, dek.id, wrapped).key.equals(dek.key)).toBe(true);
    expect(() => unwrapDataKey({ id: 'k1', key: randomBytes(32) }, dek.id, wrapped)).toThrow();
    expect(() => unwrapDataKey(k1, newDataKey('k1').id, wrapped)).toThrow();
  });
});

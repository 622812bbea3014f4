import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonical-hash.js';

describe('canonicalJson', () => {
  it.each([
    ['key order does not matter', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['null and absent members are the same', { a: 1, b: null }, { a: 1 }],
    ['nested objects are normalised', { x: { b: [1, { d: null, c: 2 }], a: 'y' } }, { x: { a: 'y', b: [1, { c: 2 }] } }],
  ])('%s', (_name, left, right) => {
    expect(canonicalJson(left)).toBe(canonicalJson(right));
    expect(canonicalHash(left)).toBe(canonicalHash(right));
  });

  it.each([
    ['array order matters', [1, 2], [2, 1]],
    ['values matter', { a: 1 }, { a: 2 }],
    ['0 is not null', { a: 0 }, {}],
  ])('%s', (_name, left, right) => {
    expect(canonicalHash(left)).not.toBe(canonicalHash(right));
  });
});

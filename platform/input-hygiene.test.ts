import { describe, expect, it } from 'vitest';
import { JSON_SCALAR_LIMITS, jsonProblem, REQUEST_JSON_LIMITS, unstorableText } from './input-hygiene.js';

const nested = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('unstorableText', () => {
  it.each([
    ['plain text', null],
    ['emoji pair 🫀 and accents é', null],
    ['', null],
    ['a\u0000b', 'must not contain the NUL character (U+0000)'],
    ['lone high \uD83E', 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)'],
    ['lone low \uDC00 here', 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)'],
    ['\uDC00\uD83E', 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)'],
  ])('%j → %s', (input, expected) => {
    expect(unstorableText(input)).toBe(expected);
  });
});

describe('jsonProblem', () => {
  it('accepts ordinary values and finds the path of a bad string', () => {
    expect(jsonProblem({ a: [1, 'x', { b: null }] }, 'v', JSON_SCALAR_LIMITS)).toBeNull();
    expect(jsonProblem({ a: [1, 'x', { b: 'bad\u0000' }] }, 'v', JSON_SCALAR_LIMITS)).toEqual({
      path: 'v.a.2.b',
      message: 'must not contain the NUL character (U+0000)',
    });
    expect(jsonProblem({ ['k\u0000']: 1 }, 'v', JSON_SCALAR_LIMITS)?.message).toMatch(/^key must not contain the NUL/);
  });

  it('refuses 20,000 levels of nesting without recursing (no stack overflow)', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    expect(jsonProblem(deep, 'v', REQUEST_JSON_LIMITS)?.message).toBe('must not nest deeper than 64 levels');
    expect(jsonProblem(nested(JSON_SCALAR_LIMITS.maxDepth), 'v', JSON_SCALAR_LIMITS)).toBeNull();
    expect(jsonProblem(nested(JSON_SCALAR_LIMITS.maxDepth + 1), 'v', JSON_SCALAR_LIMITS)?.message).toMatch(/deeper than 32/);
  });

  it('limits how many values and how much text one value holds', () => {
    expect(
      jsonProblem(
        Array.from({ length: 10_000 }, () => 0),
        'v',
        JSON_SCALAR_LIMITS,
      )?.message,
    ).toBe('must hold at most 10000 values');
    expect(
      jsonProblem(
        Array.from({ length: 9_999 }, () => 0),
        'v',
        JSON_SCALAR_LIMITS,
      ),
    ).toBeNull();
    expect(jsonProblem({ text: 'x'.repeat(70_000) }, 'v', JSON_SCALAR_LIMITS)?.message).toMatch(/65536 characters/);
  });
});

import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { limitChecks } from './operation-limits.js';
import { documentCheck, storableLiterals } from '../platform/document-check.js';

const limits = { maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxTokens: 3000, maxCost: 20_000 };

describe('document checks before validation', () => {
  const check = documentCheck([...limitChecks(limits), storableLiterals], { maxTokens: limits.maxTokens });

  it('200 repeated directives are one QUERY_TOO_COMPLEX error with the count and the limit', () => {
    const error = check(`{ trajectories(first: 1) { totalCount ${'@skip(if: false) '.repeat(200)} } }`);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', directives: 200, maxDirectives: 20 });
  });

  it('aliases and depth over their limits are refused; an ordinary query passes', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { role }`).join(' ');
    expect(check(`{ ${aliases} }`)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: 31 });
    const deep = `{ ${'a { '.repeat(13)}b${' }'.repeat(13)} }`;
    expect(check(deep)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });
    expect(check('{ trajectories(first: 5) { edges { node { id } } } }')).toBeNull();
  });

  it('string literals Postgres cannot store are BAD_USER_INPUT (escapes decode to NUL or lone surrogates)', () => {
    expect(check('{ trajectory(id: "a\\u0000b") { id } }')?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(storableLiterals(parse('{ t(topic: "\uD83E\uDEC0 ok") { id } }'))).toBeNull();
  });

  it('leaves syntax errors to Apollo and remembers verdicts by query text', () => {
    expect(check('{ broken')).toBeNull();
    let runs = 0;
    const counting = documentCheck([() => (runs++, null)]);
    counting('{ a }');
    counting('{ a }');
    counting('{ b }');
    expect(runs).toBe(2);
  });
});

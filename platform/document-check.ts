import { GraphQLError, parse, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from './errors.js';
import { unstorableText } from './input-hygiene.js';

/** A problem with a document as a whole, found before Apollo validates it (null: none). */
export type DocumentRule = (document: DocumentNode) => GraphQLError | null;

/** String literals in the document that Postgres could not store (e.g. `"\u0000"`). */
export const storableLiterals: DocumentRule = (document) => {
  let problem: GraphQLError | null = null;
  visit(document, {
    StringValue(node) {
      const bad = problem ? null : unstorableText(node.value);
      if (bad) {
        const line = node.loc ? ` (line ${node.loc.startToken.line}, column ${node.loc.startToken.column})` : '';
        problem = new GraphQLError(`A string literal${line} ${bad}.`, {
          extensions: { code: ErrorCode.BAD_USER_INPUT, fieldErrors: [{ path: 'query', message: bad }] },
        });
      }
    },
  });
  return problem;
};

const MAX_CACHED_QUERY_LENGTH = 16_384;

/**
 * Runs document rules once per distinct query text, before validation: limits that stop an
 * amplification (hundreds of directives, each a validation error) must run before the
 * validator does. The verdict is cached by query text, so clients that repeat their
 * operations (all of them) pay for a map lookup, not a second parse.
 */
export function documentCheck(rules: DocumentRule[], options: { maxTokens?: number; cacheSize?: number } = {}) {
  const cache = new Map<string, GraphQLError | null>();
  const cacheSize = options.cacheSize ?? 1000;
  return (query: string): GraphQLError | null => {
    const cached = cache.get(query);
    if (cached !== undefined) return cached;
    let verdict: GraphQLError | null = null;
    try {
      const document = parse(query, options.maxTokens ? { maxTokens: options.maxTokens } : {});
      for (const rule of rules) {
        verdict = rule(document);
        if (verdict) break;
      }
    } catch {
      // A syntax error (or too many tokens): Apollo reports it in its own words.
      verdict = null;
    }
    // Only short texts are kept, so a stream of unique, large queries cannot grow memory.
    if (query.length <= MAX_CACHED_QUERY_LENGTH) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? '');
      cache.set(query, verdict);
    }
    return verdict;
  };
}

import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { MODALITY_PATTERN } from '../domain/assessment/state.js';
import { BadUserInputError } from './errors.js';
import { JSON_SCALAR_LIMITS, jsonProblem } from './input-hygiene.js';

// Date and time, then an explicit offset; Date.parse judges the rest. (Two flat patterns rather
// than one with nested optional groups, which linters rightly treat as a ReDoS risk.)
const ISO_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const isIsoDateTime = (v: string) => v.length <= 40 && ISO_START.test(v) && ISO_OFFSET.test(v) && !Number.isNaN(Date.parse(v));

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDateTime(value)) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 string with offset, e.g. 2026-11-30T10:15:00Z; got ${JSON.stringify(value)}`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  return new Date(value).toISOString();
}

/** Input: ISO-8601 with offset, normalised to UTC `…Z`. Output: the same, from a Date or string. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be a string', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    return parseDateTime(ast.value);
  },
});

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError('JSON cannot represent this literal', { nodes: ast });
  }
}

/** A JSON value within JSON_SCALAR_LIMITS, with text Postgres can store; else BAD_USER_INPUT. */
function checkedJson(value: unknown): unknown {
  const problem = jsonProblem(value, 'value', JSON_SCALAR_LIMITS);
  if (problem) {
    throw new GraphQLError(
      `JSON ${problem.path === 'value' ? '' : `at ${problem.path.slice('value.'.length)} `}${problem.message}`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  return value;
}

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: checkedJson,
  parseLiteral: (ast, variables) => checkedJson(literalToJson(ast, variables)),
});

/**
 * An image modality code. Only the GraphQL shape is checked here (a string, or a bare name as
 * when Modality was an enum, so old documents keep working); the code's form is checked with the
 * rest of the state (domain/assessment/state.ts), so one bad item of a batch fails alone.
 */
export const ModalityScalar = new GraphQLScalarType<string, string>({
  name: 'Modality',
  serialize(value) {
    if (typeof value === 'string') return value;
    throw new GraphQLError('Modality cannot represent this value');
  },
  parseValue(value) {
    if (typeof value !== 'string')
      throw new GraphQLError(`Modality must be a string such as "XRAY"; got ${JSON.stringify(value)}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.ENUM)
      throw new GraphQLError('Modality must be a string such as "XRAY"', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    return ast.value;
  },
});

/**
 * A modality code given to look data up by (an argument, a filter). Stored states check the form
 * with the rest of the state; here a code of the wrong form could never match anything, so the
 * caller is told (BAD_USER_INPUT naming `path`) rather than answered with nothing.
 */
export function modalityToMatch(code: string, path: string): string {
  if (!MODALITY_PATTERN.test(code))
    throw new BadUserInputError(`${JSON.stringify(code)} is not a modality code (upper case, e.g. ENDOSCOPY)`, [
      { path, message: 'must be an upper-case code of 2..40 characters (A-Z, 0-9, _)' },
    ]);
  return code;
}

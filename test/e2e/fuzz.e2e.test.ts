import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../app/platform.js';
import type { DatabaseHandle } from '../../db/client.js';
import { trajectories } from '../../db/schema/trajectory.js';
import { isClientFacingCode, MAX_ERRORS_PER_RESPONSE } from '../../platform/errors.js';
import { readCommittedComposition } from '../../schema/load.js';
import { RUNS_PGLITE } from '../support/database.js';
import { startTestPlatform } from '../support/platform.js';
import { exampleState } from '../support/fixtures.js';
import { post } from '../support/graphql-client.js';

/**
 * Property-based input fuzzing through the gateway: for every query and mutation field of the
 * public schema, fast-check generates variables for every argument — valid values, boundary
 * values, hostile strings, deep and wide JSON, huge numbers, values of the wrong type — and
 * every response must be data or typed errors with a stable code: never INTERNAL_SERVER_ERROR,
 * never a leak, and the gateway stays healthy. FUZZ_RUNS sets the runs per field (npm run
 * fuzz for a long run); CI runs a short one.
 */
const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 12);
const LEAKS = /insert into|select .* from|Failed query|relation "|column "|stacktrace|Maximum call stack|\.ts:\d+|at [\w.]+ \(/i;
/** Codes clients may see that are not GraphQL-level (HTTP refusals). */
const HTTP_CODES = new Set(['PAYLOAD_TOO_LARGE']);

const api = buildSchema(readCommittedComposition().apiSdl);

const hostileStrings = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFF',
  '🫀 Herz é',
  "'; drop table trajectories; --",
  '%s%s%n',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  '\u202e\u200b',
);
const strings = fc.oneof(hostileStrings, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 20 }));
const ints = fc.oneof(
  fc.constantFrom(0, -1, 1, 20, 100, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53),
  fc.integer({ min: -1000, max: 1000 }),
);
const floats = fc.oneof(
  fc.constantFrom(0, -0, 1, 0.5, 1.0000001, -1e-9, 1e308, -1e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const deepJson = fc.integer({ min: 30, max: 70 }).map((depth) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
});
const wideJson = fc
  .integer({ min: 100, max: 12_000 })
  .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
const json = fc.oneof(fc.jsonValue({ maxDepth: 4 }), deepJson, wideJson, fc.constant({ text: 'a\u0000' }));
const wrongType = fc.oneof(fc.jsonValue({ maxDepth: 2 }), strings);

function valueFor(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type))
    return fc.oneof({ weight: 9, arbitrary: valueFor(type.ofType, ids, depth) }, { weight: 1, arbitrary: wrongType });
  const inner: fc.Arbitrary<unknown> = (() => {
    if (isListType(type)) return fc.array(valueFor(type.ofType, ids, depth + 1), { maxLength: depth > 1 ? 1 : 3 });
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), strings);
    if (isInputObjectType(type)) {
      if (type.name === 'AssessmentStateInput') {
        // A valid state half the time (so mutations get past validation), else a generated one.
        return fc.oneof(fc.constant(exampleState()), objectOf(type, ids, depth));
      }
      return depth > 3 ? fc.constant({}) : objectOf(type, ids, depth);
    }
    switch (getNamedType(type).name) {
      case 'String':
        return strings;
      case 'Int':
        return ints;
      case 'Float':
        return floats;
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(fc.constantFrom(...ids), fc.uuid(), strings);
      case 'DateTime':
        return fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          strings,
        );
      case 'JSON':
        return json;
      default:
        return wrongType;
    }
  })();
  return fc.oneof(
    { weight: 8, arbitrary: inner },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongType },
  );
}

function objectOf(type: Parameters<typeof isInputObjectType>[0] & object, ids: string[], depth: number): fc.Arbitrary<unknown> {
  if (!isInputObjectType(type)) return fc.constant({});
  const fields = Object.values(type.getFields());
  const record = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, ids, depth + 1)]));
  const requiredKeys = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
  return fc.record(record, { requiredKeys });
}

/** Leaf fields of a type, and one level of leaves below its object fields (no arguments needed). */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth > 2) return '{ __typename }';
  const parts = Object.values((named as GraphQLObjectType).getFields())
    .filter((f) => f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => {
      const inner = getNamedType(f.type);
      if (isLeafType(inner)) return f.name;
      return depth < 2 ? `${f.name} ${selection(f.type, depth + 1)}` : null;
    })
    .filter((p): p is string => p !== null);
  return `{ __typename ${parts.join(' ')} }`;
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection(field.type)} }`;
}

describe.runIf(RUNS_PGLITE)('fuzzing every query and mutation argument through the gateway', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  let ids: string[] = [];
  const codes = new Map<string, number>();
  let requests = 0;

  beforeAll(async () => {
    ({ database, platform } = await startTestPlatform({
      DEMO_TRAJECTORIES: '30',
      // Runs may be queued, never trained: the fuzzer asks for epochs up to 2^31.
      TRAINING_CONCURRENCY: '0',
      RATE_LIMIT_ADMIN: '100000000',
      LOG_LEVEL: 'silent',
    }));
    ids = (await database.db.select({ id: trajectories.id }).from(trajectories).limit(10)).map((r) => r.id);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    const summary = [...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`);
    process.stdout.write(`fuzz: ${requests} requests, ${RUNS_PER_FIELD} per field; outcomes: ${summary.join(', ')}\n`);
  });

  const fields = (['query', 'mutation'] as const).flatMap((kind) => {
    const root = kind === 'query' ? api.getQueryType() : api.getMutationType();
    return Object.values(root?.getFields() ?? {}).map((field) => [`${kind} ${field.name}`, kind, field] as const);
  });

  it.each(fields)('%s: data or a typed error, never an internal one', async (_name, kind, field) => {
    const query = operationFor(kind, field);
    const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, ids)])), {
      requiredKeys: [],
    });
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const res = await post(platform.gatewayUrl, query, vars);
        requests++;
        expect([200, 400, 413]).toContain(res.status);
        const body = JSON.stringify(res.body);
        expect(body).not.toMatch(LEAKS);
        if (!res.body.errors) {
          codes.set('data', (codes.get('data') ?? 0) + 1);
          return;
        }
        expect(res.body.errors.length).toBeLessThanOrEqual(MAX_ERRORS_PER_RESPONSE);
        for (const error of res.body.errors) {
          const code = String(error.extensions?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          expect(isClientFacingCode(code) || HTTP_CODES.has(code), `${code}: ${error.message}`).toBe(true);
        }
      }),
      { numRuns: RUNS_PER_FIELD },
    );
    expect((await fetch(new URL('/_health', platform.gatewayUrl))).status).toBe(200);
  });
});

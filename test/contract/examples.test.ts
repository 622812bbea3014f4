import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, getVariableValues, Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AssessmentStateSchema } from '../../domain/assessment/state.js';
import { fromRoot } from '../../platform/paths.js';
import { readCommittedComposition } from '../../schema/load.js';

const files = readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.graphql'));
const api = buildSchema(readCommittedComposition().apiSdl);

describe('examples/', () => {
  it.each(files)('%s is valid against the public API schema, and its variables coerce to its operation', (file) => {
    const doc = parse(readFileSync(fromRoot('examples', file), 'utf8'));
    expect(validate(api, doc)).toEqual([]);
    const vars: unknown = JSON.parse(readFileSync(fromRoot('examples', 'variables', file.replace('.graphql', '.json')), 'utf8'));
    expect(vars).toBeTypeOf('object');
    const [operation, ...others] = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operation, 'one operation per example').toBeDefined();
    expect(others).toEqual([]);
    // What the server does first with a request's variables: any error here is an error the
    // reader of the example would get (a missing required variable, a wrong type, an unknown enum).
    const coerced = getVariableValues(api, operation!.variableDefinitions ?? [], vars as Record<string, unknown>);
    expect('errors' in coerced ? coerced.errors?.map((e) => e.message) : []).toEqual([]);
  });

  it('coercing variables does find mistakes (the check above can fail)', () => {
    const doc = parse(readFileSync(fromRoot('examples', 'rate-trajectory.graphql'), 'utf8'));
    const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const coerced = getVariableValues(api, operation!.variableDefinitions ?? [], { trajectoryId: 'x', score: 'high' });
    expect('errors' in coerced && coerced.errors?.length).toBeGreaterThan(0);
  });

  it('the example state passes the range schema', () => {
    const state = JSON.parse(readFileSync(fromRoot('examples', 'variables', 'state.json'), 'utf8'));
    expect(AssessmentStateSchema.safeParse(state).success).toBe(true);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AssessmentStateSchema } from '../../domain/assessment/state.js';
import { fromRoot } from '../../platform/paths.js';
import { readCommittedComposition } from '../../schema/load.js';

const files = readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.graphql'));
const api = buildSchema(readCommittedComposition().apiSdl);

describe('examples/', () => {
  it.each(files)('%s is valid against the public API schema and has variables', (file) => {
    const doc = parse(readFileSync(fromRoot('examples', file), 'utf8'));
    expect(validate(api, doc)).toEqual([]);
    const vars = JSON.parse(readFileSync(fromRoot('examples', 'variables', file.replace('.graphql', '.json')), 'utf8'));
    expect(typeof vars).toBe('object');
  });

  it('the example state passes the range schema', () => {
    const state = JSON.parse(readFileSync(fromRoot('examples', 'variables', 'state.json'), 'utf8'));
    expect(AssessmentStateSchema.safeParse(state).success).toBe(true);
  });
});

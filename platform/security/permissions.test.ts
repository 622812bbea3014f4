import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphTypeDefs } from '../../schema/load.js';
import { buildProtectedSchema } from '../subgraph.js';
import { ANONYMOUS, type Caller } from './caller.js';
import { permissionsFor } from './permissions.js';

const viewer: Caller = { kind: 'api_key', keyId: '00000000-0000-4000-8000-000000000001', name: 'v', role: 'viewer' };
const trajectory = { id: 't1', audience: 'PATIENT' };
const schema = buildProtectedSchema({
  name: 'trajectory',
  typeDefs: subgraphTypeDefs('trajectory'),
  resolvers: {
    Query: { trajectory: () => trajectory },
    Trajectory: { __resolveReference: (ref: { id: string }) => ({ ...trajectory, id: ref.id }) },
  },
});
const run = (query: string, caller: Caller) =>
  execute({
    schema,
    document: parse(query),
    contextValue: { caller },
    variableValues: { r: [{ __typename: 'Trajectory', id: 't2' }] },
  });
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Trajectory { id audience } } }';

describe('permissions: rules on root fields and _entities', () => {
  it('a caller without a role gets FORBIDDEN from a root field and from _entities, and no entity field', async () => {
    const root = await run('{ trajectory(id: "t1") { id audience } }', ANONYMOUS);
    expect(root.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(root.data ?? null)).not.toContain('PATIENT');
    const entities = await run(ENTITIES, ANONYMOUS);
    expect(entities.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(entities.data ?? null)).not.toContain('PATIENT');
  });

  it('a viewer reads the same fields through both doors', async () => {
    expect((await run('{ trajectory(id: "t1") { id audience } }', viewer)).data).toEqual({ trajectory });
    expect((await run(ENTITIES, viewer)).data).toEqual({ _entities: [{ id: 't2', audience: 'PATIENT' }] });
  });

  it('object types carry no per-field middleware', () => {
    const unprotected = buildProtectedSchema({ name: 'trajectory', typeDefs: subgraphTypeDefs('trajectory'), resolvers: {} });
    expect(Object.keys(permissionsFor('trajectory', unprotected)).sort()).toEqual(['Mutation', 'Query']);
  });
});

import { isObjectType, isIntrospectionType, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { SubgraphName } from '../config.js';
import { ForbiddenError } from '../errors.js';
import type { RequestContext } from '../request-context.js';
import { ROLES, roleAtLeast, type Role } from './roles.js';

/**
 * The one place that says who may call what. Every root field of every subgraph is listed
 * with the lowest role allowed; a field that is missing here is denied (fallbackRule: deny)
 * and fails the role-matrix test. Fields of object types (including entities reached through
 * `_entities`) need `viewer`. Viewers do see submitter names (`submittedBy`, `ratedBy`: the
 * names the assessment app and educators chose), never API key secrets or other keys' ids.
 */
export const ROOT_PERMISSIONS = {
  trajectory: {
    Query: { trajectory: 'viewer', trajectories: 'viewer', captureStatistics: 'viewer' },
    Mutation: { submitTrajectory: 'annotator', submitTrajectories: 'annotator' },
  },
  reward: {
    Query: { scoreAssessment: 'viewer', activeRubric: 'viewer', rubric: 'viewer', rubrics: 'viewer' },
    Mutation: { rateTrajectory: 'annotator', createRubric: 'admin', activateRubric: 'admin', recomputeRewards: 'admin' },
  },
  metrics: {
    Query: { systemOverview: 'viewer', metricSeries: 'viewer', trend: 'viewer', report: 'viewer' },
    Mutation: {},
  },
  access: {
    Query: { me: 'viewer', apiKeys: 'admin', auditLog: 'admin' },
    Mutation: { createApiKey: 'admin', revokeApiKey: 'admin' },
  },
} as const satisfies Record<SubgraphName, { Query: Record<string, Role>; Mutation: Record<string, Role> }>;

export const OBJECT_FIELD_ROLE: Role = 'viewer';
/** Federation's own fields; subgraphs only answer requests that carry the gateway's signed identity. */
const FEDERATION_FIELDS = ['_entities', '_service'];

const requireRole = Object.fromEntries(
  ROLES.map((role) => [
    role,
    rule(`role:${role}`, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
      roleAtLeast(ctx.caller.role, role) ? true : new ForbiddenError(role, ctx.caller.role),
    ),
  ]),
) as Record<Role, ReturnType<ReturnType<typeof rule>>>;

/** graphql-shield middleware for one subgraph's schema. */
export function permissionsFor(subgraph: SubgraphName, schema: GraphQLSchema) {
  const roots = ROOT_PERMISSIONS[subgraph];
  const rules: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    if (type.name === 'Query' || type.name === 'Mutation') {
      const table: Record<string, Role> = roots[type.name];
      rules[type.name] = Object.fromEntries(
        Object.keys(type.getFields()).map((field) => {
          const role = table[field];
          return [field, FEDERATION_FIELDS.includes(field) ? allow : role ? requireRole[role] : deny];
        }),
      );
    } else if (type.name === '_Service') {
      rules[type.name] = { '*': allow };
    } else {
      rules[type.name] = { '*': requireRole[OBJECT_FIELD_ROLE] };
    }
  }
  return shield(rules as never, {
    fallbackRule: deny,
    fallbackError: () => new ForbiddenError('a role that has this field', null),
    // Our resolvers throw coded errors of their own; shield must pass them through unchanged.
    allowExternalErrors: true,
  });
}

/** The role matrix as a markdown table, for docs/security.md (a test keeps the doc in step). */
export function renderRoleMatrix(): string {
  const rows: string[] = [
    '| operation | subgraph | ' + ROLES.join(' | ') + ' |',
    '|---|---|' + ROLES.map(() => '---').join('|') + '|',
  ];
  for (const [subgraph, roots] of Object.entries(ROOT_PERMISSIONS)) {
    for (const kind of ['Query', 'Mutation'] as const) {
      for (const [field, minimum] of Object.entries(roots[kind] as Record<string, Role>)) {
        rows.push(
          `| \`${kind}.${field}\` | ${subgraph} | ${ROLES.map((r) => (roleAtLeast(r, minimum) ? '✅' : '—')).join(' | ')} |`,
        );
      }
    }
  }
  return rows.join('\n');
}

import { isObjectType, type GraphQLSchema } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { SubgraphName } from '../subgraph-catalog.js';
import { ForbiddenError } from '../errors.js';
import type { RequestContext } from '../request-context.js';
import { ROLES, roleAtLeast, type Role } from './roles.js';

/**
 * The one place that says who may call what. Every root field of every subgraph is listed
 * with the lowest role allowed; a field that is missing here is denied (fallbackRule: deny)
 * and fails the role-matrix test. `_entities` needs `viewer`, so object fields (reached only
 * below a root field or `_entities`) are never seen by a caller below `viewer`. Viewers do see submitter names (`submittedBy`, `ratedBy`: the
 * names the assessment app and educators chose), never API key secrets or other keys' ids.
 */
export const ROOT_PERMISSIONS = {
  trajectory: {
    Query: { trajectory: 'viewer', trajectories: 'viewer', captureStatistics: 'viewer', modalities: 'viewer' },
    Mutation: { submitTrajectory: 'annotator', submitTrajectories: 'annotator' },
  },
  reward: {
    Query: { scoreAssessment: 'viewer', activeRubric: 'viewer', rubric: 'viewer', rubrics: 'viewer' },
    Mutation: {
      rateTrajectory: 'annotator',
      withdrawRating: 'annotator',
      createRubric: 'admin',
      activateRubric: 'admin',
      recomputeRewards: 'admin',
    },
  },
  metrics: {
    Query: { systemOverview: 'viewer', metricSeries: 'viewer', trend: 'viewer', report: 'viewer', reports: 'viewer' },
    Mutation: { generateReport: 'ml_engineer' },
  },
  access: {
    Query: { me: 'viewer', apiKeys: 'admin', auditLog: 'admin' },
    Mutation: { createApiKey: 'admin', revokeApiKey: 'admin', deleteSubjectData: 'admin' },
  },
  model: {
    Query: {
      trainingRun: 'viewer',
      hyperparameterSearch: 'viewer',
      hyperparameterSearches: 'viewer',
      trainingRuns: 'viewer',
      modelVersion: 'viewer',
      modelVersions: 'viewer',
      modelAlias: 'viewer',
      modelAliases: 'viewer',
      predictReward: 'viewer',
      modelRuntime: 'viewer',
      promotionRequests: 'viewer',
      ratingQueue: 'annotator',
      compareModelVersions: 'viewer',
      modelArtifact: 'ml_engineer',
    },
    Mutation: {
      startTraining: 'ml_engineer',
      startHyperparameterSearch: 'ml_engineer',
      cancelHyperparameterSearch: 'ml_engineer',
      cancelTraining: 'ml_engineer',
      promoteModel: 'ml_engineer',
      rollbackModel: 'ml_engineer',
      approvePromotion: 'ml_engineer',
      rejectPromotion: 'ml_engineer',
      importModelArtifact: 'ml_engineer',
    },
    Subscription: { trainingProgress: 'viewer' },
  },
} as const satisfies Record<
  SubgraphName,
  { Query: Record<string, Role>; Mutation: Record<string, Role>; Subscription?: Record<string, Role> }
>;

export const ROOT_KINDS = ['Query', 'Mutation', 'Subscription'] as const;
export type RootKind = (typeof ROOT_KINDS)[number];

/** A subgraph's table for one root type (empty when it has no such root). */
export function rootTable(subgraph: SubgraphName, kind: RootKind): Record<string, Role> {
  const roots: Partial<Record<RootKind, Record<string, Role>>> = ROOT_PERMISSIONS[subgraph];
  return roots[kind] ?? {};
}

/** What `_entities` needs: the gateway resolves entity fields with the caller's identity. */
export const ENTITY_ROLE: Role = 'viewer';
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

const requireRole = Object.fromEntries(
  ROLES.map((role) => [
    role,
    rule(`role:${role}`, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
      roleAtLeast(ctx.caller.role, role) ? true : new ForbiddenError(role, ctx.caller.role),
    ),
  ]),
) as Record<Role, ReturnType<ReturnType<typeof rule>>>;

/**
 * graphql-shield middleware for one subgraph's schema: every root field is checked against the
 * role table, and a root field without a rule is denied.
 *
 * Only root fields carry a rule. Object fields are reachable only below a root field (whose
 * rule needs at least `viewer`, the lowest role) or below `_entities` (which needs
 * `ENTITY_ROLE`), so a rule on each object field would only repeat that check, and graphql-shield
 * runs a rule as an async middleware per resolved field: on a page of 20 trajectories that was
 * hundreds of promises per request and a measurable share of the subgraphs' CPU
 * (docs/performance.md, "Load"). A test asks each subgraph's object fields for this split.
 */
export function permissionsFor(subgraph: SubgraphName, schema: GraphQLSchema): IMiddlewareTypeMap {
  const rules: Record<string, Record<string, unknown>> = {};
  for (const name of ROOT_TYPES) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    const table = rootTable(subgraph, name);
    rules[name] = Object.fromEntries(
      Object.keys(type.getFields()).map((field) => {
        const role = field === '_entities' ? ENTITY_ROLE : table[field];
        return [field, field === '_service' ? allow : role ? requireRole[role] : deny];
      }),
    );
  }
  const generated = shield(rules as never, {
    fallbackRule: deny,
    fallbackError: () => new ForbiddenError('a role that has this field', null),
    // Our resolvers throw coded errors of their own; shield must pass them through unchanged.
    allowExternalErrors: true,
  }).generate(schema) as IMiddlewareTypeMap;
  return Object.fromEntries(
    ROOT_TYPES.filter((name) => name in generated).map((name) => [name, generated[name]]),
  ) as IMiddlewareTypeMap;
}

/** The role matrix as a markdown table, for docs/security.md (a test keeps the doc in step). */
export function renderRoleMatrix(): string {
  const rows: string[] = [
    '| operation | subgraph | ' + ROLES.join(' | ') + ' |',
    '|---|---|' + ROLES.map(() => '---').join('|') + '|',
  ];
  for (const subgraph of Object.keys(ROOT_PERMISSIONS) as SubgraphName[]) {
    for (const kind of ROOT_KINDS) {
      for (const [field, minimum] of Object.entries(rootTable(subgraph, kind))) {
        rows.push(
          `| \`${kind}.${field}\` | ${subgraph} | ${ROLES.map((r) => (roleAtLeast(r, minimum) ? '✅' : '—')).join(' | ')} |`,
        );
      }
    }
  }
  return rows.join('\n');
}

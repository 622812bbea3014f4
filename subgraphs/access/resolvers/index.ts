import { callerId, provenIdentity } from '../../../platform/security/caller.js';
import { fromGraphQLRole, toGraphQLRole } from '../../../platform/security/roles.js';
import { encodeAuditCursor } from '../../../platform/security/audit-log.js';
import { connection } from '../../../platform/keyset-cursor.js';
import { DateTimeScalar, JSONScalar } from '../../../platform/scalars.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { ForbiddenError } from '../../../platform/errors.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    me: (_, __, ctx) => {
      if (ctx.caller.kind === 'anonymous') throw new ForbiddenError('viewer', null);
      return { keyId: ctx.caller.keyId, identity: callerId(ctx.caller), name: ctx.caller.name, role: ctx.caller.role };
    },
    apiKeys: (_, { includeRevoked }, ctx) => ctx.access.listKeys(includeRevoked ?? false),
    auditLog: async (_, { filter, first, after }, ctx) => {
      const page = await ctx.access.auditLog(filter ?? {}, first ?? 50, after);
      return connection(page.rows, encodeAuditCursor, page.hasNextPage, { totalCount: page.totalCount });
    },
  },
  Mutation: {
    createApiKey: (_, { input }, ctx) =>
      ctx.access.createKey(
        { name: input.name, role: fromGraphQLRole(input.role), expiresAt: input.expiresAt },
        ctx.caller,
        ctx.audit,
      ),
    revokeApiKey: (_, { id }, ctx) => ctx.access.revokeKey(id, ctx.audit),
    deleteSubjectData: (_, { subject }, ctx) => ctx.lifecycle.deleteSubject(subject, provenIdentity(ctx.caller), ctx.audit),
  },
  ApiKey: {
    role: (k) => toGraphQLRole(fromGraphQLRole(k.role)),
  },
  Me: {
    role: (m) => toGraphQLRole(fromGraphQLRole(m.role)),
  },
  AuditEntry: {
    role: (e) => (e.role ? toGraphQLRole(fromGraphQLRole(e.role)) : null),
  },
};

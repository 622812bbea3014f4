/** Roles, lowest to highest; each role can do everything the roles before it can. */
export const ROLES = ['viewer', 'annotator', 'ml_engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
export const roleAtLeast = (role: Role | null | undefined, minimum: Role): boolean =>
  role != null && ROLES.indexOf(role) >= ROLES.indexOf(minimum);

/** GraphQL spells roles as enum values. */
export const toGraphQLRole = (role: Role) => role.toUpperCase() as Uppercase<Role>;
export const fromGraphQLRole = (role: string): Role => {
  const r = role.toLowerCase();
  if (!isRole(r)) throw new Error(`unknown role ${role}`);
  return r;
};

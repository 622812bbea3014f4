/**
 * Which licences the platform's production dependencies may carry. Permissive licences pass;
 * two others were reviewed and are allowed for the packages named, for the reasons given
 * (docs/security.md, Licences); anything else fails the check until someone reviews it.
 */
export const PERMISSIVE = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'BlueOak-1.0.0',
  'Unlicense',
  'CC0-1.0',
  // jsonify's package.json says "Public Domain" (not an SPDX id): the same as Unlicense in effect.
  'Public Domain',
]);

export const REVIEWED: Record<string, { packages: RegExp; why: string }> = {
  'Elastic-2.0': {
    packages: /^@apollo\/(gateway|composition|federation-internals|query-graphs|query-planner)$/,
    why: 'Apollo Federation (the gateway and its planner): free to use, modify and run for your own organisation; not to be offered to third parties as a hosted or managed service (docs/security.md, Licences).',
  },
  'LGPL-3.0-or-later': {
    packages: /^@img\/sharp-libvips-/,
    why: "libvips, the image library sharp loads as an unmodified shared library (thumbnails): the LGPL's terms are met by dynamic linking and shipping its notice.",
  },
};

/** A package's licence field as npm reports it: an SPDX expression, an object, or nothing. */
export function licenceOf(field: unknown): string {
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'type' in field && typeof field.type === 'string') return field.type;
  return 'UNKNOWN';
}

/**
 * Whether an SPDX expression is acceptable for this package: `A OR B` when either is, `A AND B`
 * when both are (parentheses are read as grouping of one level, which is all npm packages use).
 */
export type Verdict = 'permissive' | 'reviewed' | 'refused';
const RANK: Record<Verdict, number> = { permissive: 0, reviewed: 1, refused: 2 };

export function verdict(expression: string, pkg: string): Verdict {
  const one = (id: string): Verdict => {
    if (PERMISSIVE.has(id)) return 'permissive';
    return REVIEWED[id]?.packages.test(pkg) ? 'reviewed' : 'refused';
  };
  const worst = (vs: Verdict[]): Verdict => vs.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'permissive');
  const best = (vs: Verdict[]): Verdict => vs.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'refused');
  const terms = expression.replace(/[()]/g, '').trim();
  return best(terms.split(/\s+OR\s+/).map((alt) => worst(alt.split(/\s+AND\s+/).map((id) => one(id.trim())))));
}

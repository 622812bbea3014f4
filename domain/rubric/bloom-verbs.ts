import type { BloomLevel } from '../assessment/state.js';

/**
 * Action verbs by level of Bloom's revised taxonomy (Anderson & Krathwohl, 2001), the
 * usual lists medical schools use for writing objectives. A verb sits at one level only,
 * its most common one, so the rubric can tell what level an illustration invites.
 */
const VERBS: Record<BloomLevel, string[]> = {
  REMEMBER: ['identify', 'label', 'list', 'name', 'recall', 'recognize', 'locate', 'define', 'state', 'match'],
  UNDERSTAND: ['describe', 'explain', 'summarize', 'interpret', 'classify', 'illustrate', 'paraphrase', 'discuss', 'trace'],
  APPLY: ['apply', 'demonstrate', 'use', 'calculate', 'perform', 'execute', 'implement', 'solve', 'administer'],
  ANALYZE: ['analyze', 'compare', 'contrast', 'differentiate', 'distinguish', 'examine', 'relate', 'organize', 'correlate'],
  EVALUATE: ['evaluate', 'assess', 'judge', 'justify', 'critique', 'prioritize', 'appraise', 'defend', 'diagnose'],
  CREATE: ['design', 'construct', 'plan', 'formulate', 'propose', 'develop', 'devise', 'produce', 'synthesize'],
};

const BY_VERB = new Map<string, BloomLevel>(
  (Object.entries(VERBS) as [BloomLevel, string[]][]).flatMap(([level, verbs]) => verbs.map((v) => [v, level] as const)),
);

/** The level a verb belongs to, accepting British spellings (analyse, prioritise). */
export function bloomLevelOfVerb(verb: string): BloomLevel | undefined {
  const v = verb.trim().toLowerCase();
  return BY_VERB.get(v) ?? BY_VERB.get(v.replace(/yse$/, 'yze').replace(/ise$/, 'ize'));
}

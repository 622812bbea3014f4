import type { AssessmentState } from '../domain/assessment/state.js';
import type { ComputedReward } from '../domain/rubric/reward-calculator.js';

/**
 * How the demo's simulated educators rate an illustration.
 *
 * - `rubric`: they broadly agree with the rubric, each with their own noise (±0.06).
 * - `panel`: a panel whose judgement differs from the rubric's and depends on the audience,
 *   as a real one would: for patients and undergraduates, clarity comes first (cognitive load
 *   and visual quality weigh 0.75, terminology 0.10); for residents and specialists, content does
 *   (terminology and Bloom's weigh 0.75); medical students sit between. Whatever the audience,
 *   illegible labels (legibility below 0.5) cost 0.2, more than the rubric would take off, a
 *   failed agent run costs 0.1, and a raw clinical image (anything but an illustration or a
 *   diagram: photographs, radiology, histology, and any new modality) costs 0.08, because
 *   unannotated images teach less, which the rubric does not consider at all. Noise ±0.03 per
 *   rating.
 *
 * `panel` is what shows whether the reward model learns what educators value beyond the rubric
 * (docs/model.md, "Learning beyond the rubric").
 */
export type EducatorPreference = 'rubric' | 'panel';
export const EDUCATOR_PREFERENCES: readonly EducatorPreference[] = ['rubric', 'panel'];

type Weights = Record<'MEDICAL_TERMS' | 'BLOOMS_TAXONOMY' | 'COGNITIVE_LOAD' | 'VISUAL_QUALITY', number>;

const PANEL_WEIGHTS: Record<string, Weights> = {
  PATIENT: { MEDICAL_TERMS: 0.05, BLOOMS_TAXONOMY: 0.05, COGNITIVE_LOAD: 0.5, VISUAL_QUALITY: 0.4 },
  UNDERGRADUATE: { MEDICAL_TERMS: 0.1, BLOOMS_TAXONOMY: 0.1, COGNITIVE_LOAD: 0.45, VISUAL_QUALITY: 0.35 },
  MEDICAL_STUDENT: { MEDICAL_TERMS: 0.3, BLOOMS_TAXONOMY: 0.3, COGNITIVE_LOAD: 0.2, VISUAL_QUALITY: 0.2 },
  RESIDENT: { MEDICAL_TERMS: 0.55, BLOOMS_TAXONOMY: 0.35, COGNITIVE_LOAD: 0.05, VISUAL_QUALITY: 0.05 },
  SPECIALIST: { MEDICAL_TERMS: 0.6, BLOOMS_TAXONOMY: 0.35, COGNITIVE_LOAD: 0.05, VISUAL_QUALITY: 0 },
};

const SCHEMATIC = new Set(['ILLUSTRATION', 'DIAGRAM']);

/** The panel's judgement without noise (what a large panel would agree on). */
export function panelJudgement(state: AssessmentState, reward: ComputedReward): number {
  const weights = PANEL_WEIGHTS[state.audience] ?? PANEL_WEIGHTS.MEDICAL_STUDENT;
  let score = 0;
  for (const c of reward.components) score += (weights?.[c.name] ?? 0.25) * c.score;
  if ((state.visual?.labelLegibility ?? 1) < 0.5) score -= 0.2;
  if (state.steps.some((s) => s.status === 'FAILED')) score -= 0.1;
  if (!SCHEMATIC.has(state.image.modality)) score -= 0.08;
  return Math.min(1, Math.max(0, score));
}

/** One educator's rating: the preference's judgement plus that educator's noise (rand in 0..1). */
export function educatorRating(
  preference: EducatorPreference,
  state: AssessmentState,
  reward: ComputedReward,
  rand: () => number,
): number {
  const score =
    preference === 'panel' ? panelJudgement(state, reward) + (rand() - 0.5) * 0.06 : reward.total + (rand() - 0.5) * 0.12;
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}

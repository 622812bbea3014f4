import { BLOOM_LEVELS, type AssessmentState, type BloomLevel } from '../assessment/state.js';
import { bloomLevelOfVerb } from './bloom-verbs.js';
import type { AudienceThresholds, RubricDefinition, Thresholds, Weights } from './rubric-definition.js';

/** One explained part of a reward, as stored with it and shown to clients. */
export interface RewardComponentRecord {
  name: 'MEDICAL_TERMS' | 'BLOOMS_TAXONOMY' | 'COGNITIVE_LOAD' | 'VISUAL_QUALITY';
  score: number;
  weight: number;
  contribution: number;
  reasons: string[];
}

export interface ComputedReward {
  total: number;
  rubricVersion: number;
  components: RewardComponentRecord[];
}

type ComponentName = RewardComponentRecord['name'];
interface Scored {
  score: number;
  reasons: string[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const f2 = (x: number) => x.toFixed(2);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** 1 inside [lo, hi]; proportionally less below; loses one point per `hi` above. */
export function rangeFit(value: number, [lo, hi]: readonly [number, number]): number {
  if (value < lo) return lo === 0 ? 1 : clamp01(value / lo);
  if (value > hi) return hi === 0 ? 0 : clamp01(1 - (value - hi) / hi);
  return 1;
}

const levelIndex = (level: BloomLevel) => BLOOM_LEVELS.indexOf(level);

/**
 * Medical terminology: are the terms the topic needs there and labelled (coverage), are they
 * right (agent confidence), and is the amount of terminology workable for the audience
 * (density, after the coherence principle: extra jargon costs novices most).
 */
export function scoreMedicalTerms(state: AssessmentState, a: AudienceThresholds): Scored {
  const findings = state.medicalTerms;
  if (!findings) return { score: 0, reasons: ['No findings: the medical terms agent produced none.'] };
  const terms = findings.terms;
  const expected = findings.expectedTermCount ?? a.termTarget;
  const labelled = terms.filter((t) => t.labelled).length;
  const coverage = expected === 0 ? 1 : clamp01(labelled / expected);
  const correctness = mean(terms.map((t) => t.confidence));
  const density = rangeFit(terms.length, a.termRange);
  const reasons = [
    `${labelled} of ${expected} expected terms are labelled (coverage ${f2(coverage)}).`,
    terms.length === 0 ? 'No terms were found.' : `Mean term confidence is ${f2(correctness)}.`,
    density === 1
      ? `${terms.length} terms is within the workable range ${a.termRange[0]}–${a.termRange[1]} for ${state.audience}.`
      : `${terms.length} terms is outside the workable range ${a.termRange[0]}–${a.termRange[1]} for ${state.audience} (fit ${f2(density)}).`,
  ];
  return { score: clamp01(0.45 * coverage + 0.35 * correctness + 0.2 * density), reasons };
}

/**
 * Bloom's appropriateness: the observed level against the band the audience needs, whether
 * the action verbs sit in that band, and whether objectives are stated at all.
 */
export function scoreBloom(state: AssessmentState, a: AudienceThresholds, t: Thresholds): Scored {
  const bloom = state.bloom;
  if (!bloom) return { score: 0, reasons: ["No findings: the Bloom's taxonomy agent produced none."] };
  const [lo, hi] = [levelIndex(a.bloomBand[0]), levelIndex(a.bloomBand[1])];
  const observed = levelIndex(bloom.observedLevel);
  const distance = observed < lo ? lo - observed : observed > hi ? observed - hi : 0;
  const levelFit = clamp01(1 - t.bloomDistancePenalty * distance);
  const recognised = bloom.actionVerbs.map(bloomLevelOfVerb).filter((l): l is BloomLevel => l !== undefined);
  const inBand = recognised.filter((l) => levelIndex(l) >= lo && levelIndex(l) <= hi).length;
  const verbFit = recognised.length === 0 ? (bloom.actionVerbs.length === 0 ? 0 : 0.5) : inBand / recognised.length;
  const objectives = bloom.targetObjectives.length > 0 ? 1 : 0;
  const band = `${a.bloomBand[0]}–${a.bloomBand[1]}`;
  const reasons = [
    distance === 0
      ? `Observed level ${bloom.observedLevel} is within the ${band} band for ${state.audience}.`
      : `Observed level ${bloom.observedLevel} is ${distance} level(s) ${observed < lo ? 'below' : 'above'} the ${band} band for ${state.audience}.`,
    recognised.length === 0
      ? bloom.actionVerbs.length === 0
        ? 'No action verbs were given.'
        : 'None of the action verbs is a recognised Bloom verb.'
      : `${inBand} of ${recognised.length} recognised action verbs fall in the band.`,
    objectives ? `${bloom.targetObjectives.length} learning objective(s) stated.` : 'No learning objectives stated.',
  ];
  return { score: clamp01(0.65 * levelFit + 0.25 * verbFit + 0.1 * objectives), reasons };
}

/**
 * Cognitive load theory (Sweller): extraneous load should be low, intrinsic load matched to
 * the learner's expertise, the element count workable, germane load high, and on-image text
 * sparse (redundancy principle).
 */
export function scoreCognitiveLoad(state: AssessmentState, a: AudienceThresholds, t: Thresholds): Scored {
  const cl = state.cognitiveLoad;
  if (!cl) return { score: 0, reasons: ['No findings: the cognitive load agent produced none.'] };
  const extraneous = 1 - cl.extraneous;
  const intrinsicFit = clamp01(1 - Math.abs(cl.intrinsic - a.intrinsicTarget) / 0.5);
  const elementFit = rangeFit(cl.elementCount, a.elementRange);
  const textFit =
    cl.textDensity <= t.maxTextDensity ? 1 : clamp01(1 - (cl.textDensity - t.maxTextDensity) / (1 - t.maxTextDensity));
  const reasons = [
    `Extraneous load ${f2(cl.extraneous)} (lower is better).`,
    `Intrinsic load ${f2(cl.intrinsic)} against a target of ${f2(a.intrinsicTarget)} for ${state.audience} (fit ${f2(intrinsicFit)}).`,
    elementFit === 1
      ? `${cl.elementCount} visual elements is within the workable range ${a.elementRange[0]}–${a.elementRange[1]}.`
      : `${cl.elementCount} visual elements is outside the workable range ${a.elementRange[0]}–${a.elementRange[1]} (fit ${f2(elementFit)}).`,
    `Germane load ${f2(cl.germane)} (higher is better).`,
    textFit === 1
      ? `Text density ${f2(cl.textDensity)} is at most ${f2(t.maxTextDensity)}.`
      : `Text density ${f2(cl.textDensity)} exceeds ${f2(t.maxTextDensity)} (fit ${f2(textFit)}).`,
  ];
  const score = 0.35 * extraneous + 0.25 * intrinsicFit + 0.2 * elementFit + 0.1 * cl.germane + 0.1 * textFit;
  return { score: clamp01(score), reasons };
}

/** Visual quality: enough resolution (vector formats always are), contrast, sharpness, legible labels, balanced colour. */
export function scoreVisual(state: AssessmentState, t: Thresholds): Scored {
  const v = state.visual;
  if (!v) return { score: 0, reasons: ['No findings: the visual analysis agent produced none.'] };
  const shortSide = Math.min(state.image.width, state.image.height);
  const { minShortSidePx: min, goodShortSidePx: good } = t.resolution;
  const resolution = state.image.format === 'SVG' ? 1 : clamp01((shortSide - min) / Math.max(1, good - min));
  const reasons = [
    state.image.format === 'SVG'
      ? 'Vector image: resolution independent.'
      : `Short side ${shortSide}px (resolution score ${f2(resolution)}; ${good}px or more scores 1).`,
    `Contrast ${f2(v.contrast)}, sharpness ${f2(v.sharpness)}.`,
    `Label legibility ${f2(v.labelLegibility)}, colour balance ${f2(v.colorBalance)}.`,
  ];
  const score = 0.15 * resolution + 0.2 * v.contrast + 0.25 * v.sharpness + 0.3 * v.labelLegibility + 0.1 * v.colorBalance;
  return { score: clamp01(score), reasons };
}

const WEIGHT_KEY: Record<ComponentName, keyof Weights> = {
  MEDICAL_TERMS: 'medicalTerms',
  BLOOMS_TAXONOMY: 'bloomsTaxonomy',
  COGNITIVE_LOAD: 'cognitiveLoad',
  VISUAL_QUALITY: 'visualQuality',
};

/** The weighted rubric reward of a state: four explained components and a total in 0..1. */
export function calculateReward(state: AssessmentState, rubric: RubricDefinition): ComputedReward {
  const t = rubric.thresholds;
  const a = t.audiences[state.audience];
  const scored: Record<ComponentName, Scored> = {
    MEDICAL_TERMS: scoreMedicalTerms(state, a),
    BLOOMS_TAXONOMY: scoreBloom(state, a, t),
    COGNITIVE_LOAD: scoreCognitiveLoad(state, a, t),
    VISUAL_QUALITY: scoreVisual(state, t),
  };
  const weightSum = Object.values(rubric.weights).reduce((x, y) => x + y, 0);
  const components = (Object.keys(scored) as ComponentName[]).map((name) => {
    const { score, reasons } = scored[name];
    const weight = rubric.weights[WEIGHT_KEY[name]] / weightSum;
    return { name, score, weight, contribution: score * weight, reasons };
  });
  const total = clamp01(components.reduce((s, c) => s + c.contribution, 0));
  return { total, rubricVersion: rubric.version, components };
}

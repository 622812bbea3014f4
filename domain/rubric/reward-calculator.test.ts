import { describe, expect, it } from 'vitest';
import type { AssessmentState } from '../assessment/state.js';
import { exampleState, stateWith } from '../../test/support/fixtures.js';
import {
  calculateReward,
  rangeFit,
  scoreBloom,
  scoreCognitiveLoad,
  scoreMedicalTerms,
  scoreVisual,
} from './reward-calculator.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS, type RubricDefinition } from './rubric-definition.js';

const rubric: RubricDefinition = { version: 1, weights: DEFAULT_WEIGHTS, thresholds: DEFAULT_THRESHOLDS };
const ms = DEFAULT_THRESHOLDS.audiences.MEDICAL_STUDENT;
const T = DEFAULT_THRESHOLDS;

describe('rangeFit', () => {
  it.each([
    [5, [4, 8], 1],
    [4, [4, 8], 1],
    [8, [4, 8], 1],
    [2, [4, 8], 0.5],
    [0, [4, 8], 0],
    [12, [4, 8], 0.5],
    [16, [4, 8], 0],
    [40, [4, 8], 0],
    [0, [0, 0], 1],
  ] as const)('rangeFit(%d, %j) = %d', (value, range, expected) => {
    expect(rangeFit(value, range)).toBeCloseTo(expected, 10);
  });
});

describe('calculateReward', () => {
  it('uses the specified weights 0.30 / 0.25 / 0.25 / 0.20 and contributions that sum to the total', () => {
    const reward = calculateReward(exampleState(), rubric);
    expect(reward.components.map((c) => [c.name, c.weight])).toEqual([
      ['MEDICAL_TERMS', 0.3],
      ['BLOOMS_TAXONOMY', 0.25],
      ['COGNITIVE_LOAD', 0.25],
      ['VISUAL_QUALITY', 0.2],
    ]);
    const sum = reward.components.reduce((s, c) => s + c.contribution, 0);
    expect(reward.total).toBeCloseTo(sum, 12);
    for (const c of reward.components) {
      expect(c.contribution).toBeCloseTo(c.score * c.weight, 12);
      expect(c.reasons.length).toBeGreaterThan(0);
    }
    expect(reward.rubricVersion).toBe(1);
  });

  it('normalises weights that do not sum to 1', () => {
    const doubled: RubricDefinition = {
      ...rubric,
      weights: { medicalTerms: 0.6, bloomsTaxonomy: 0.5, cognitiveLoad: 0.5, visualQuality: 0.4 },
    };
    expect(calculateReward(exampleState(), doubled).total).toBeCloseTo(calculateReward(exampleState(), rubric).total, 12);
  });

  it('scores the example (a good assessment) high, and a poor one low', () => {
    expect(calculateReward(exampleState(), rubric).total).toBeGreaterThan(0.8);
    const poor = stateWith((s) => {
      s.bloom = { observedLevel: 'REMEMBER', actionVerbs: ['label'], targetObjectives: [] };
      s.cognitiveLoad = { elementCount: 60, labelCount: 40, textDensity: 0.7, intrinsic: 0.1, extraneous: 0.9, germane: 0.1 };
      s.visual = { contrast: 0.2, sharpness: 0.2, colorBalance: 0.3, labelLegibility: 0.1 };
      s.image.width = 300;
      s.image.height = 300;
    });
    expect(calculateReward(poor, rubric).total).toBeLessThan(0.5);
  });

  it('gives a component 0 with a reason when its agent produced no findings', () => {
    const reward = calculateReward(
      stateWith((s) => {
        s.visual = null;
      }),
      rubric,
    );
    const visual = reward.components.find((c) => c.name === 'VISUAL_QUALITY');
    expect(visual?.score).toBe(0);
    expect(visual?.reasons[0]).toMatch(/visual analysis agent produced none/);
  });

  it('keeps every score within 0..1 at the extremes', () => {
    const extremes: AssessmentState[] = [
      stateWith((s) => {
        s.medicalTerms = { terms: [], expectedTermCount: 0 };
        s.cognitiveLoad = { elementCount: 0, labelCount: 0, textDensity: 1, intrinsic: 1, extraneous: 1, germane: 0 };
        s.visual = { contrast: 0, sharpness: 0, colorBalance: 0, labelLegibility: 0 };
      }),
      stateWith((s) => {
        s.cognitiveLoad = { elementCount: 10000, labelCount: 10000, textDensity: 0, intrinsic: 0, extraneous: 0, germane: 1 };
        s.visual = { contrast: 1, sharpness: 1, colorBalance: 1, labelLegibility: 1 };
      }),
    ];
    for (const s of extremes) {
      const r = calculateReward(s, rubric);
      expect(r.total).toBeGreaterThanOrEqual(0);
      expect(r.total).toBeLessThanOrEqual(1);
      for (const c of r.components) {
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('medical terms', () => {
  const terms = (n: number, labelled: number, confidence: number) =>
    Array.from({ length: n }, (_, i) => ({ term: `t${i}`, category: 'ANATOMY' as const, confidence, labelled: i < labelled }));
  it.each([
    // n, labelled, confidence, expected count → score = 0.45 coverage + 0.35 confidence + 0.2 density
    ['all expected terms labelled, confident, in range', 12, 12, 1, 12, 1],
    ['half labelled', 12, 6, 1, 12, 0.45 * 0.5 + 0.35 + 0.2],
    ['low confidence', 12, 12, 0.5, 12, 0.45 + 0.35 * 0.5 + 0.2],
    ['too few terms for a medical student (3 of range 6–20)', 3, 3, 1, 3, 0.45 + 0.35 + 0.2 * 0.5],
    ['expected 0 means full coverage', 6, 0, 1, 0, 0.45 + 0.35 + 0.2],
  ])('%s', (_name, n, labelled, confidence, expected, score) => {
    const s = stateWith((st) => {
      st.medicalTerms = { terms: terms(n, labelled, confidence), expectedTermCount: expected };
    });
    expect(scoreMedicalTerms(s, ms).score).toBeCloseTo(score, 10);
  });

  it('uses the audience target when the agent gives no expected count', () => {
    const s = stateWith((st) => {
      st.medicalTerms = { terms: terms(6, 6, 1), expectedTermCount: null };
    });
    // medical student target is 12 → coverage 0.5
    expect(scoreMedicalTerms(s, ms).reasons[0]).toBe('6 of 12 expected terms are labelled (coverage 0.50).');
  });
});

describe("Bloom's appropriateness", () => {
  it.each([
    // audience band for MEDICAL_STUDENT is APPLY–ANALYZE
    ['in band, verbs in band, objectives', 'ANALYZE', ['compare', 'relate'], ['x'], 1],
    ['one level below', 'UNDERSTAND', ['compare'], ['x'], 0.65 * 0.65 + 0.25 + 0.1],
    ['two levels above', 'CREATE', ['compare'], ['x'], 0.65 * 0.3 + 0.25 + 0.1],
    ['two levels below', 'REMEMBER', ['compare'], ['x'], 0.65 * 0.3 + 0.25 + 0.1],
    ['half the verbs out of band', 'APPLY', ['apply', 'label'], ['x'], 0.65 + 0.25 * 0.5 + 0.1],
    ['unrecognised verbs count half', 'APPLY', ['frobnicate'], ['x'], 0.65 + 0.25 * 0.5 + 0.1],
    ['no verbs, no objectives', 'APPLY', [], [], 0.65],
    ['British spelling is recognised', 'ANALYZE', ['analyse'], ['x'], 1],
  ] as const)('%s', (_name, level, verbs, objectives, expected) => {
    const s = stateWith((st) => {
      st.bloom = { observedLevel: level, actionVerbs: [...verbs], targetObjectives: [...objectives] };
    });
    expect(scoreBloom(s, ms, T).score).toBeCloseTo(expected, 10);
  });

  it('floors the level fit at 0 far outside the band', () => {
    const s = stateWith((st) => {
      st.bloom = { observedLevel: 'REMEMBER', actionVerbs: ['compare'], targetObjectives: ['x'] };
    });
    // SPECIALIST band is EVALUATE–CREATE: 4 levels away, and 'compare' (ANALYZE) is out of band.
    expect(scoreBloom(s, DEFAULT_THRESHOLDS.audiences.SPECIALIST, T).score).toBeCloseTo(0.1, 10);
  });

  it('explains where the observed level sits', () => {
    const s = stateWith((st) => {
      st.audience = 'PATIENT';
      st.bloom = { observedLevel: 'EVALUATE', actionVerbs: [], targetObjectives: [] };
    });
    const a = DEFAULT_THRESHOLDS.audiences.PATIENT;
    expect(scoreBloom(s, a, T).reasons[0]).toBe(
      'Observed level EVALUATE is 3 level(s) above the REMEMBER–UNDERSTAND band for PATIENT.',
    );
  });
});

describe('cognitive load', () => {
  const cl = (c: Partial<NonNullable<AssessmentState['cognitiveLoad']>>) =>
    stateWith((s) => {
      s.cognitiveLoad = { elementCount: 10, labelCount: 5, textDensity: 0.1, intrinsic: 0.6, extraneous: 0, germane: 1, ...c };
    });
  it.each([
    ['ideal', {}, 1],
    ['high extraneous load', { extraneous: 1 }, 0.65],
    ['intrinsic 0.25 off target', { intrinsic: 0.85 }, 1 - 0.25 * 0.5],
    ['too many elements (30 of 6–20)', { elementCount: 30 }, 1 - 0.2 * 0.5],
    ['dense text (0.625, max 0.25)', { textDensity: 0.625 }, 1 - 0.1 * 0.5],
    ['no germane load', { germane: 0 }, 0.9],
  ])('%s', (_name, change, expected) => {
    expect(scoreCognitiveLoad(cl(change), ms, T).score).toBeCloseTo(expected, 10);
  });
});

describe('visual quality', () => {
  const v = (w: number, h: number, format: AssessmentState['image']['format'], m = 1) =>
    stateWith((s) => {
      s.image = { ...s.image, width: w, height: h, format };
      s.visual = { contrast: m, sharpness: m, colorBalance: m, labelLegibility: m };
    });
  it.each([
    ['high resolution, perfect metrics', 2048, 2048, 'PNG', 1, 1],
    ['at the minimum resolution', 256, 4000, 'PNG', 1, 0.85],
    ['halfway (640px)', 640, 640, 'JPEG', 1, 0.85 + 0.15 * 0.5],
    ['vector images are resolution independent', 100, 100, 'SVG', 1, 1],
    ['all metrics zero, high resolution', 2048, 2048, 'PNG', 0, 0.15],
  ] as const)('%s', (_name, w, h, format, m, expected) => {
    expect(scoreVisual(v(w, h, format, m), T).score).toBeCloseTo(expected, 10);
  });
});

import { describe, expect, it } from 'vitest';
import type { AssessmentState } from '../../domain/assessment/state.js';
import { exampleState, stateWith } from '../../test/support/fixtures.js';
import { METADATA_MAX_BYTES, validateSubmission, type ValidatorOptions } from './trajectory-validator.js';

const options: ValidatorOptions = {
  requiredAgents: ['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis'],
  qualityFlagThreshold: 0.6,
  now: new Date('2026-11-03T12:00:00Z'),
};

const errorsOf = (state: unknown, extra: Record<string, unknown> = {}) => {
  const r = validateSubmission({ state, ...extra }, options);
  return r.ok ? [] : r.errors;
};

describe('TrajectoryValidator: rejections', () => {
  it('accepts the example state with full quality', () => {
    const r = validateSubmission({ state: exampleState() }, options);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.quality).toEqual({ score: 1, flagged: false, issues: [] });
      expect(r.value.submittedBy).toBe('anonymous');
    }
  });

  it.each<[string, (s: AssessmentState) => void, string, RegExp]>([
    ['bad sha256', (s) => void (s.image.sha256 = 'XYZ'), 'state.image.sha256', /64 lowercase hex/],
    ['zero width', (s) => void (s.image.width = 0), 'state.image.width', /at least 1/],
    ['huge height', (s) => void (s.image.height = 20_001), 'state.image.height', /20000/],
    ['empty topic', (s) => void (s.image.topic = '  '), 'state.image.topic', /empty/],
    [
      'confidence above 1',
      (s) => void (s.medicalTerms!.terms[0]!.confidence = 1.2),
      'state.medicalTerms.terms.0.confidence',
      /between 0 and 1/,
    ],
    ['negative duration', (s) => void (s.steps[1]!.durationMs = -5), 'state.steps.1.durationMs', /negative/],
    [
      'text density above 1',
      (s) => void (s.cognitiveLoad!.textDensity = 2),
      'state.cognitiveLoad.textDensity',
      /between 0 and 1/,
    ],
    ['negative element count', (s) => void (s.cognitiveLoad!.elementCount = -1), 'state.cognitiveLoad.elementCount', /negative/],
    ['bad agent name', (s) => void (s.steps[0]!.agent = 'Medical Terms'), 'state.steps.0.agent', /snake_case/],
    ['no steps', (s) => void (s.steps = []), 'state.steps', /at least one/],
    ['bad date', (s) => void (s.steps[0]!.startedAt = 'yesterday'), 'state.steps.0.startedAt', /./],
    ['unknown audience', (s) => void ((s as { audience: string }).audience = 'TODDLER'), 'state.audience', /./],
  ])('range: %s → %s', (_name, change, path, message) => {
    const errors = errorsOf(stateWith(change));
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each<[string, (s: AssessmentState) => void, string, RegExp]>([
    ['required agent missing', (s) => void s.steps.splice(2, 1), 'state.steps', /required agent "cognitive_load"/],
    [
      'steps out of order',
      (s) => void (s.steps[2]!.startedAt = '2026-11-02T08:00:00.000Z'),
      'state.steps.2.startedAt',
      /start order/,
    ],
    ['step in the future', (s) => void (s.steps[3]!.startedAt = '2027-01-01T00:00:00.000Z'), 'state.steps.3.startedAt', /future/],
    [
      'more labels than elements',
      (s) => void (s.cognitiveLoad!.labelCount = 17),
      'state.cognitiveLoad.labelCount',
      /cannot exceed 16/,
    ],
    [
      'more labelled terms than labels',
      (s) => void (s.cognitiveLoad!.labelCount = 3),
      'state.medicalTerms.terms',
      /10 terms are marked labelled/,
    ],
  ])('consistency: %s', (_name, change, path, message) => {
    expect(errorsOf(stateWith(change))).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, with paths', () => {
    const errors = errorsOf(
      stateWith((s) => {
        s.image.width = -1;
        s.visual!.contrast = 7;
      }),
      { idempotencyKey: '', metadata: [1, 2] },
    );
    expect(errors.map((e) => e.path).sort()).toEqual([
      'idempotencyKey',
      'metadata',
      'state.image.width',
      'state.visual.contrast',
    ]);
  });

  it('rejects oversize metadata', () => {
    const metadata = { blob: 'x'.repeat(METADATA_MAX_BYTES) };
    expect(errorsOf(exampleState(), { metadata })).toEqual([{ path: 'metadata', message: expect.stringMatching(/16384 bytes/) }]);
  });

  it('rejects a non-object state', () => {
    expect(errorsOf('not a state')[0]?.path).toBe('state');
  });
});

describe('TrajectoryValidator: quality', () => {
  const quality = (change: (s: AssessmentState) => void) => {
    const r = validateSubmission({ state: stateWith(change) }, options);
    if (!r.ok) throw new Error(`unexpected rejection: ${JSON.stringify(r.errors)}`);
    return r.value.quality;
  };

  it.each<[string, (s: AssessmentState) => void, string[], number]>([
    [
      'a failed agent without findings or error',
      (s) => {
        s.steps[3]!.status = 'FAILED';
        s.visual = null;
      },
      ['AGENT_FAILED', 'FAILURE_WITHOUT_ERROR'],
      0.8,
    ],
    ['a succeeded agent whose findings are missing', (s) => void (s.bloom = null), ['MISSING_FINDINGS'], 0.8],
    ['a skipped agent', (s) => void (s.steps[0]!.status = 'SKIPPED'), ['AGENT_SKIPPED'], 0.95],
    ['low term confidence', (s) => s.medicalTerms!.terms.forEach((t) => (t.confidence = 0.3)), ['LOW_TERM_CONFIDENCE'], 0.85],
    [
      'no terms',
      (s) => {
        s.medicalTerms!.terms = [];
      },
      ['NO_TERMS'],
      0.9,
    ],
    [
      'no objectives and no verbs',
      (s) => {
        s.bloom!.targetObjectives = [];
        s.bloom!.actionVerbs = [];
      },
      ['NO_ACTION_VERBS', 'NO_OBJECTIVES'],
      0.9,
    ],
    ['a zero-duration success', (s) => void (s.steps[1]!.durationMs = 0), ['ZERO_DURATION'], 0.95],
    ['an unsure agent', (s) => void (s.steps[1]!.confidence = 0.1), ['LOW_AGENT_CONFIDENCE'], 0.95],
  ])('%s', (_name, change, codes, score) => {
    const q = quality(change);
    expect(q.issues.map((i) => i.code)).toEqual(codes);
    expect(q.score).toBeCloseTo(score, 10);
    expect(q.flagged).toBe(false);
  });

  it('flags (does not reject) a trajectory below the threshold', () => {
    const q = quality((s) => {
      s.steps[0]!.status = 'FAILED';
      s.steps[3]!.status = 'TIMED_OUT';
      s.medicalTerms = null;
      s.visual = null;
    });
    // two failures (0.15 each) and two missing error messages (0.05 each)
    expect(q.score).toBeCloseTo(0.6, 10);
    expect(
      validateSubmission(
        {
          state: stateWith((s) => {
            s.steps[0]!.status = 'FAILED';
            s.steps[1]!.status = 'FAILED';
            s.steps[3]!.status = 'TIMED_OUT';
          }),
        },
        options,
      ),
    ).toMatchObject({ ok: true, value: { quality: { flagged: true } } });
  });

  it('never goes below 0', () => {
    const q = quality((s) => {
      s.steps.forEach((st) => ((st.status = 'FAILED'), (st.confidence = 0.1)));
      s.medicalTerms = null;
      s.bloom = null;
      s.cognitiveLoad = null;
      s.visual = null;
    });
    expect(q.score).toBe(0);
    expect(q.flagged).toBe(true);
  });
});

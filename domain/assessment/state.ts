import { z } from 'zod';

/**
 * The assessment state as the Phase 1 assessment app sends it. This is the contract's
 * range layer: GraphQL checks shapes and types, this schema checks bounds, so every
 * accepted value is one the rubric, the featurizer and the database can hold.
 */
export const LEARNER_LEVELS = ['PATIENT', 'UNDERGRADUATE', 'MEDICAL_STUDENT', 'RESIDENT', 'SPECIALIST'] as const;
export const BLOOM_LEVELS = ['REMEMBER', 'UNDERSTAND', 'APPLY', 'ANALYZE', 'EVALUATE', 'CREATE'] as const;
export const IMAGE_FORMATS = ['PNG', 'JPEG', 'SVG', 'TIFF', 'WEBP', 'DICOM'] as const;
/**
 * The built-in modalities (the featurizer gives each its own dimension). The vocabulary itself is
 * open: any code of MODALITY_PATTERN's form is accepted, so a new kind of image needs no release.
 */
export const MODALITIES = ['ILLUSTRATION', 'DIAGRAM', 'PHOTOGRAPH', 'XRAY', 'CT', 'MRI', 'ULTRASOUND', 'HISTOLOGY'] as const;
export const MODALITY_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;
export const isBuiltInModality = (code: string): boolean => (MODALITIES as readonly string[]).includes(code);
export const STEP_STATUSES = ['SUCCEEDED', 'FAILED', 'SKIPPED', 'TIMED_OUT'] as const;
export const TERM_CATEGORIES = [
  'ANATOMY',
  'PHYSIOLOGY',
  'PATHOLOGY',
  'PHARMACOLOGY',
  'PROCEDURE',
  'DIAGNOSTIC',
  'OTHER',
] as const;

export type LearnerLevel = (typeof LEARNER_LEVELS)[number];
export type BloomLevel = (typeof BLOOM_LEVELS)[number];

export const LIMITS = {
  imageSide: 20_000,
  topicLength: 200,
  steps: 50,
  agentNameLength: 64,
  stepDurationMs: 3_600_000,
  textLength: 2_000,
  terms: 500,
  termLength: 200,
  verbs: 100,
  verbLength: 64,
  objectives: 50,
  objectiveLength: 500,
  elementCount: 10_000,
} as const;

const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const count = (max: number) => z.number().int().min(0, 'must not be negative').max(max, `must be at most ${max}`);

export const AgentStepSchema = z.object({
  agent: z
    .string()
    .max(LIMITS.agentNameLength)
    .regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case agent name, e.g. medical_terms'),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().int().min(0, 'must not be negative').max(LIMITS.stepDurationMs),
  status: z.enum(STEP_STATUSES),
  confidence: unit.nullish(),
  outputSummary: z.string().max(LIMITS.textLength).nullish(),
  error: z.string().max(LIMITS.textLength).nullish(),
});

export const MedicalTermSchema = z.object({
  term: text(LIMITS.termLength),
  category: z.enum(TERM_CATEGORIES),
  confidence: unit,
  labelled: z.boolean(),
});

export const AssessmentStateSchema = z.object({
  image: z.object({
    sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be 64 lowercase hex characters'),
    width: z.number().int().min(1, 'must be at least 1').max(LIMITS.imageSide),
    height: z.number().int().min(1, 'must be at least 1').max(LIMITS.imageSide),
    format: z.enum(IMAGE_FORMATS),
    topic: text(LIMITS.topicLength),
    modality: z
      .string()
      .regex(MODALITY_PATTERN, 'must be an upper-case code of 2..40 characters (A-Z, 0-9, _), e.g. XRAY or ENDOSCOPY'),
  }),
  audience: z.enum(LEARNER_LEVELS),
  steps: z.array(AgentStepSchema).min(1, 'at least one agent step is required').max(LIMITS.steps),
  medicalTerms: z
    .object({
      terms: z.array(MedicalTermSchema).max(LIMITS.terms),
      expectedTermCount: count(LIMITS.terms).nullish(),
    })
    .nullish(),
  bloom: z
    .object({
      observedLevel: z.enum(BLOOM_LEVELS),
      actionVerbs: z.array(text(LIMITS.verbLength)).max(LIMITS.verbs),
      targetObjectives: z.array(text(LIMITS.objectiveLength)).max(LIMITS.objectives),
    })
    .nullish(),
  cognitiveLoad: z
    .object({
      elementCount: count(LIMITS.elementCount),
      labelCount: count(LIMITS.elementCount),
      textDensity: unit,
      intrinsic: unit,
      extraneous: unit,
      germane: unit,
    })
    .nullish(),
  visual: z
    .object({
      contrast: unit,
      sharpness: unit,
      colorBalance: unit,
      labelLegibility: unit,
    })
    .nullish(),
});

export type AssessmentState = z.infer<typeof AssessmentStateSchema>;
export type AgentStep = z.infer<typeof AgentStepSchema>;
export type MedicalTerm = z.infer<typeof MedicalTermSchema>;

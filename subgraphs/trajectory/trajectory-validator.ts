import { AssessmentStateSchema, type AssessmentState } from '../../domain/assessment/state.js';
import type { QualityIssue } from '../../db/schema/trajectory.js';
import { fieldErrorsFromZod, type FieldError } from '../../platform/errors.js';

export interface ValidatorOptions {
  requiredAgents: readonly string[];
  qualityFlagThreshold: number;
  /** For "not in the future" checks; injected so the validator stays a pure function. */
  now: Date;
}

export interface SubmissionInput {
  idempotencyKey?: string | null;
  state: unknown;
  submittedBy?: string | null;
  metadata?: unknown;
}

export interface ValidSubmission {
  idempotencyKey: string | null;
  state: AssessmentState;
  submittedBy: string;
  metadata: Record<string, unknown> | null;
  quality: { score: number; flagged: boolean; issues: QualityIssue[] };
}

export type ValidationResult = { ok: true; value: ValidSubmission } | { ok: false; errors: FieldError[] };

export const METADATA_MAX_BYTES = 16 * 1024;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Which finding each known agent produces, for completeness checks. */
const FINDING_OF_AGENT: Record<string, keyof AssessmentState> = {
  medical_terms: 'medicalTerms',
  blooms_taxonomy: 'bloom',
  cognitive_load: 'cognitiveLoad',
  visual_analysis: 'visual',
};

/**
 * Decides whether a submission may be stored (errors reject it whole) and how good it is as
 * training data (issues lower the quality score; a low score flags, never rejects).
 */
export function validateSubmission(input: SubmissionInput, options: ValidatorOptions): ValidationResult {
  const errors: FieldError[] = [];
  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null && (idempotencyKey.trim().length === 0 || idempotencyKey.length > 200)) {
    errors.push({ path: 'idempotencyKey', message: 'must be 1..200 characters' });
  }
  const submittedBy = input.submittedBy ?? 'anonymous';
  if (submittedBy.trim().length === 0 || submittedBy.length > 200) {
    errors.push({ path: 'submittedBy', message: 'must be 1..200 characters' });
  }
  const metadata = checkMetadata(input.metadata, errors);

  const parsed = AssessmentStateSchema.safeParse(input.state);
  if (!parsed.success) {
    errors.push(...fieldErrorsFromZod(parsed.error, 'state'));
    return { ok: false, errors };
  }
  const state = parsed.data;
  errors.push(...consistencyErrors(state, options));
  if (errors.length > 0) return { ok: false, errors };

  const issues = qualityIssues(state);
  const score = Math.max(0, 1 - issues.reduce((s, i) => s + i.penalty, 0));
  return {
    ok: true,
    value: {
      idempotencyKey,
      state,
      submittedBy,
      metadata,
      quality: { score, flagged: score < options.qualityFlagThreshold, issues },
    },
  };
}

function checkMetadata(metadata: unknown, errors: FieldError[]): Record<string, unknown> | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    errors.push({ path: 'metadata', message: 'must be a JSON object' });
    return null;
  }
  if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
    errors.push({ path: 'metadata', message: `must serialise to at most ${METADATA_MAX_BYTES} bytes` });
  }
  return metadata as Record<string, unknown>;
}

function consistencyErrors(state: AssessmentState, options: ValidatorOptions): FieldError[] {
  const errors: FieldError[] = [];
  const present = new Set(state.steps.map((s) => s.agent));
  for (const agent of options.requiredAgents) {
    if (!present.has(agent)) errors.push({ path: 'state.steps', message: `required agent "${agent}" has no step` });
  }
  let previous = -Infinity;
  const latest = options.now.getTime() + MAX_CLOCK_SKEW_MS;
  state.steps.forEach((step, i) => {
    const started = Date.parse(step.startedAt);
    if (started < previous) {
      errors.push({
        path: `state.steps.${i}.startedAt`,
        message: 'steps must be in start order; this one starts before the previous step',
      });
    }
    if (started > latest) errors.push({ path: `state.steps.${i}.startedAt`, message: 'is in the future' });
    previous = Math.max(previous, started);
  });
  const cl = state.cognitiveLoad;
  if (cl && cl.labelCount > cl.elementCount) {
    errors.push({
      path: 'state.cognitiveLoad.labelCount',
      message: `${cl.labelCount} labels cannot exceed ${cl.elementCount} elements`,
    });
  }
  const labelledTerms = state.medicalTerms?.terms.filter((t) => t.labelled).length ?? 0;
  if (cl && labelledTerms > cl.labelCount) {
    errors.push({
      path: 'state.medicalTerms.terms',
      message: `${labelledTerms} terms are marked labelled but the image has only ${cl.labelCount} labels`,
    });
  }
  return errors;
}

const issue = (code: string, path: string | null, message: string, penalty: number): QualityIssue => ({
  code,
  path,
  message,
  penalty,
  severity: penalty >= 0.1 ? 'WARNING' : 'INFO',
});

function qualityIssues(state: AssessmentState): QualityIssue[] {
  const issues: QualityIssue[] = [];
  state.steps.forEach((step, i) => {
    const path = `state.steps.${i}`;
    if (step.status === 'FAILED' || step.status === 'TIMED_OUT') {
      issues.push(issue('AGENT_FAILED', `${path}.status`, `agent ${step.agent} ended ${step.status}`, 0.15));
      if (!step.error)
        issues.push(issue('FAILURE_WITHOUT_ERROR', `${path}.error`, `agent ${step.agent} failed without an error message`, 0.05));
    } else if (step.status === 'SKIPPED') {
      issues.push(issue('AGENT_SKIPPED', `${path}.status`, `agent ${step.agent} was skipped`, 0.05));
    } else {
      const finding = FINDING_OF_AGENT[step.agent];
      if (finding && state[finding] == null) {
        issues.push(issue('MISSING_FINDINGS', finding, `agent ${step.agent} succeeded but its findings are missing`, 0.2));
      }
      if (step.durationMs === 0)
        issues.push(issue('ZERO_DURATION', `${path}.durationMs`, `agent ${step.agent} reports 0 ms`, 0.05));
    }
    if (step.confidence != null && step.confidence < 0.3) {
      issues.push(
        issue('LOW_AGENT_CONFIDENCE', `${path}.confidence`, `agent ${step.agent} has confidence ${step.confidence}`, 0.05),
      );
    }
  });
  const terms = state.medicalTerms?.terms;
  if (terms && terms.length === 0) issues.push(issue('NO_TERMS', 'state.medicalTerms.terms', 'no medical terms were found', 0.1));
  if (terms && terms.length > 0) {
    const meanConfidence = terms.reduce((s, t) => s + t.confidence, 0) / terms.length;
    if (meanConfidence < 0.5) {
      issues.push(
        issue('LOW_TERM_CONFIDENCE', 'state.medicalTerms.terms', `mean term confidence is ${meanConfidence.toFixed(2)}`, 0.15),
      );
    }
  }
  if (state.bloom && state.bloom.actionVerbs.length === 0)
    issues.push(issue('NO_ACTION_VERBS', 'state.bloom.actionVerbs', 'no action verbs', 0.05));
  if (state.bloom && state.bloom.targetObjectives.length === 0) {
    issues.push(issue('NO_OBJECTIVES', 'state.bloom.targetObjectives', 'no learning objectives', 0.05));
  }
  return issues;
}

import { readFileSync } from 'node:fs';
import type { auditLog } from '../../db/schema/security.js';
import type { AssessmentState } from '../../domain/assessment/state.js';
import { fromRoot } from '../../platform/paths.js';

/** The example state from examples/variables/state.json: a good, complete assessment. */
export function exampleState(): AssessmentState {
  return JSON.parse(readFileSync(fromRoot('examples', 'variables', 'state.json'), 'utf8')) as AssessmentState;
}

/** A deep copy of the example state with changes applied. */
export function stateWith(change: (s: AssessmentState) => void): AssessmentState {
  const s = exampleState();
  change(s);
  return s;
}

export const hex64 = (n: number) => n.toString(16).padStart(64, '0');

/** An audit row as a rating by an annotator key writes it; tests change what they look at. */
export function ratingAuditRow(changes: Partial<typeof auditLog.$inferInsert> = {}): typeof auditLog.$inferInsert {
  return {
    requestId: 'req-1',
    role: 'annotator',
    subgraph: 'reward',
    operationName: 'Rate',
    fields: ['rateTrajectory'],
    variablesDigest: 'x',
    outcome: 'ALLOWED',
    ...changes,
  };
}

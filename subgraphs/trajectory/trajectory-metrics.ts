import { Counter, Histogram } from 'prom-client';
import { TRAJECTORY_STATUSES } from '../../db/schema/trajectory.js';
import { LEARNER_LEVELS, STEP_STATUSES } from '../../domain/assessment/state.js';
import { METRIC_PREFIX, type ServiceMetrics } from '../../platform/metrics.js';
import type { CaptureObserver, CaptureOutcome } from './trajectory-capture.js';

const KNOWN_AGENTS = new Set(['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis']);
/** Agent runs last from ~100 ms to minutes. */
const AGENT_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

/** Capture metrics: assessments stored, submissions refused, agent execution times from the steps. */
export class CaptureMetrics implements CaptureObserver {
  private readonly assessments: Counter<'audience' | 'status'>;
  private readonly rejections: Counter<'reason'>;
  private readonly agentSeconds: Histogram<'agent' | 'status'>;

  /** `agents`: the agents whose step durations are shown from the start (the required ones). */
  constructor(metrics: ServiceMetrics, agents: readonly string[] = []) {
    const registers = [metrics.registry];
    this.assessments = new Counter({
      name: `${METRIC_PREFIX}assessments_total`,
      help: 'Assessment trajectories stored (idempotent replays not counted), by audience and status',
      labelNames: ['audience', 'status'],
      registers,
    });
    this.rejections = new Counter({
      name: `${METRIC_PREFIX}trajectory_rejections_total`,
      help: 'Submissions refused, by reason (validation or idempotency_conflict)',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of ['validation', 'idempotency_conflict']) this.rejections.inc({ reason }, 0);
    this.agentSeconds = new Histogram({
      name: `${METRIC_PREFIX}agent_execution_seconds`,
      help: 'Agent step durations reported in stored trajectories, by agent and status',
      labelNames: ['agent', 'status'],
      buckets: AGENT_BUCKETS,
      registers,
    });
    // Known label sets from the first scrape (see platform/metrics.ts).
    for (const audience of LEARNER_LEVELS)
      for (const status of TRAJECTORY_STATUSES) this.assessments.inc({ audience, status }, 0);
    for (const agent of agents) for (const status of STEP_STATUSES) this.agentSeconds.zero({ agent, status });
  }

  observe(outcomes: readonly CaptureOutcome[]): void {
    for (const o of outcomes) {
      if (!o.ok) {
        this.rejections.inc({
          reason: o.error.extensions.code === 'IDEMPOTENCY_CONFLICT' ? 'idempotency_conflict' : 'validation',
        });
        continue;
      }
      if (!o.created) continue;
      const t = o.trajectory;
      this.assessments.inc({ audience: t.audience, status: t.status });
      for (const step of t.state.steps) {
        this.agentSeconds.observe(
          { agent: KNOWN_AGENTS.has(step.agent) ? step.agent : 'other', status: step.status },
          step.durationMs / 1000,
        );
      }
    }
  }
}

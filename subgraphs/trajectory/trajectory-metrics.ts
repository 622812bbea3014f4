import { Counter, Histogram } from 'prom-client';
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

  constructor(metrics: ServiceMetrics) {
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
    this.agentSeconds = new Histogram({
      name: `${METRIC_PREFIX}agent_execution_seconds`,
      help: 'Agent step durations reported in stored trajectories, by agent and status',
      labelNames: ['agent', 'status'],
      buckets: AGENT_BUCKETS,
      registers,
    });
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

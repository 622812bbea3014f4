/** Turns a period's figures into highlights and a markdown report. Pure, so it is tested with plain data. */

export type Period = 'DAY' | 'WEEK';

export interface WindowFigures {
  accepted: number;
  rejected: number;
  lowQuality: number;
  captureRate: number;
  averageQuality: number | null;
  averageReward: number | null;
  activeUsers: number;
  ratings: number;
}

export interface ReportInput {
  period: Period;
  from: Date;
  to: Date;
  current: WindowFigures;
  previous: WindowFigures;
  anomalies: { bucketStart: Date; value: number; robustZ: number; kind: 'HIGH' | 'LOW' }[];
  /** Rubric versions created or activated. */
  modelChanges: string[];
  /** Training runs finished, and promotions and rollbacks of model aliases. */
  modelEvents: string[];
}

export interface Highlight {
  kind: 'VOLUME' | 'QUALITY' | 'REWARD_SHIFT' | 'CAPTURE' | 'RUBRIC_CHANGE' | 'MODEL_CHANGE' | 'ANOMALY';
  severity: 'INFO' | 'WARNING';
  message: string;
}

/** Shifts smaller than this are reported as stable. */
export const REWARD_SHIFT_NOTICE = 0.02;
export const CAPTURE_RATE_TARGET = 0.95;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

export function highlights(input: ReportInput): Highlight[] {
  const { current: c, previous: p } = input;
  const out: Highlight[] = [];
  const change = p.accepted === 0 ? null : (c.accepted - p.accepted) / p.accepted;
  out.push({
    kind: 'VOLUME',
    severity: c.accepted === 0 ? 'WARNING' : 'INFO',
    message:
      c.accepted === 0
        ? 'No trajectories were captured in this period.'
        : `${c.accepted} trajectories captured${change === null ? '' : ` (${change >= 0 ? '+' : ''}${pct(change)} on the previous period)`} from ${c.activeUsers} submitter(s).`,
  });
  if (c.averageReward !== null && p.averageReward !== null) {
    const shift = c.averageReward - p.averageReward;
    out.push({
      kind: 'REWARD_SHIFT',
      severity: shift <= -REWARD_SHIFT_NOTICE ? 'WARNING' : 'INFO',
      message:
        Math.abs(shift) < REWARD_SHIFT_NOTICE
          ? `Average reward stable at ${f3(c.averageReward)}.`
          : `Average reward ${shift > 0 ? 'rose' : 'fell'} from ${f3(p.averageReward)} to ${f3(c.averageReward)}.`,
    });
  }
  if (c.accepted > 0) {
    const lowShare = c.lowQuality / c.accepted;
    out.push({
      kind: 'QUALITY',
      severity: lowShare > 0.2 ? 'WARNING' : 'INFO',
      message: `Average data quality ${f3(c.averageQuality)}; ${c.lowQuality} trajectories (${pct(lowShare)}) flagged low quality.`,
    });
  }
  out.push({
    kind: 'CAPTURE',
    severity: c.captureRate < CAPTURE_RATE_TARGET ? 'WARNING' : 'INFO',
    message: `Capture rate ${pct(c.captureRate)} (${c.rejected} submission(s) rejected); target ${pct(CAPTURE_RATE_TARGET)}.`,
  });
  for (const m of input.modelChanges) out.push({ kind: 'RUBRIC_CHANGE', severity: 'INFO', message: m });
  for (const m of input.modelEvents)
    out.push({ kind: 'MODEL_CHANGE', severity: /FAILED|ROLLBACK/.test(m) ? 'WARNING' : 'INFO', message: m });
  for (const a of input.anomalies) {
    out.push({
      kind: 'ANOMALY',
      severity: 'WARNING',
      message: `Unusually ${a.kind === 'HIGH' ? 'high' : 'low'} volume at ${a.bucketStart.toISOString()}: ${a.value} (robust z ${a.robustZ.toFixed(1)}).`,
    });
  }
  return out;
}

export function renderMarkdown(input: ReportInput, items: Highlight[]): string {
  const { current: c, previous: p } = input;
  const title = input.period === 'DAY' ? 'Daily report' : 'Weekly report';
  const row = (name: string, now: string, before: string) => `| ${name} | ${now} | ${before} |`;
  return [
    `# ${title}: ${input.from.toISOString()} – ${input.to.toISOString()}`,
    '',
    '## Highlights',
    '',
    ...items.map((h) => `- ${h.severity === 'WARNING' ? '⚠️ ' : ''}${h.message}`),
    '',
    '## Figures',
    '',
    '| metric | this period | previous period |',
    '|---|---|---|',
    row('trajectories captured', String(c.accepted), String(p.accepted)),
    row('submissions rejected', String(c.rejected), String(p.rejected)),
    row('capture rate', pct(c.captureRate), pct(p.captureRate)),
    row('average reward', f3(c.averageReward), f3(p.averageReward)),
    row('average data quality', f3(c.averageQuality), f3(p.averageQuality)),
    row('flagged low quality', String(c.lowQuality), String(p.lowQuality)),
    row('active submitters', String(c.activeUsers), String(p.activeUsers)),
    row('educator ratings', String(c.ratings), String(p.ratings)),
    '',
    '## Model and rubric changes',
    '',
    ...(input.modelChanges.length + input.modelEvents.length
      ? [...input.modelChanges, ...input.modelEvents].map((m) => `- ${m}`)
      : ['- none']),
    '',
  ].join('\n');
}

import { describe, expect, it } from 'vitest';
import { highlights, renderMarkdown, type ReportInput, type WindowFigures } from './report-generator.js';

const figures = (over: Partial<WindowFigures> = {}): WindowFigures => ({
  accepted: 100,
  rejected: 2,
  lowQuality: 5,
  captureRate: 100 / 102,
  averageQuality: 0.9,
  averageReward: 0.7,
  activeUsers: 4,
  ratings: 10,
  ...over,
});
const input = (
  current: Partial<WindowFigures>,
  previous: Partial<WindowFigures> = {},
  extra: Partial<ReportInput> = {},
): ReportInput => ({
  period: 'DAY',
  from: new Date('2026-11-28T00:00:00Z'),
  to: new Date('2026-11-29T00:00:00Z'),
  current: figures(current),
  previous: figures(previous),
  anomalies: [],
  modelChanges: [],
  modelEvents: [],
  ...extra,
});

describe('report highlights', () => {
  it('volume change against the previous period', () => {
    expect(highlights(input({ accepted: 150 }))[0]?.message).toBe(
      '150 trajectories captured (+50.0% on the previous period) from 4 submitter(s).',
    );
  });

  it.each([
    [0.71, 'INFO', 'Average reward stable at 0.710.'],
    [0.75, 'INFO', 'Average reward rose from 0.700 to 0.750.'],
    [0.6, 'WARNING', 'Average reward fell from 0.700 to 0.600.'],
  ] as const)('reward %d → %s', (reward, severity, message) => {
    expect(highlights(input({ averageReward: reward })).find((h) => h.kind === 'REWARD_SHIFT')).toEqual({
      kind: 'REWARD_SHIFT',
      severity,
      message,
    });
  });

  it('warns on an empty period, a low capture rate, many low-quality captures and anomalies', () => {
    const h = highlights(
      input(
        { accepted: 0, captureRate: 0.5, rejected: 3 },
        {},
        { anomalies: [{ bucketStart: new Date('2026-11-28T05:00:00Z'), value: 40, robustZ: 6.2, kind: 'HIGH' }] },
      ),
    );
    expect(h.filter((x) => x.severity === 'WARNING').map((x) => x.kind)).toEqual(['VOLUME', 'CAPTURE', 'ANOMALY']);
    expect(highlights(input({ lowQuality: 30 })).find((x) => x.kind === 'QUALITY')?.severity).toBe('WARNING');
  });

  it('renders a markdown table with both periods and the changes', () => {
    const i = input({ accepted: 120 }, { accepted: 80 }, { modelChanges: ['Rubric v2 created'] });
    const md = renderMarkdown(i, highlights(i));
    expect(md).toContain('# Daily report: 2026-11-28T00:00:00.000Z – 2026-11-29T00:00:00.000Z');
    expect(md).toContain('| trajectories captured | 120 | 80 |');
    expect(md).toContain('- Rubric v2 created');
  });
});

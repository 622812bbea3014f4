import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from '../../platform/paths.js';

const PROMQL_WORDS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'time',
  'vector',
  'abs',
  'clamp_min',
  'clamp_max',
  'scalar',
  'changes',
  'count_over_time',
]);

/** Metric names a PromQL expression reads (label matchers, label lists, strings and ranges removed). */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = m[0];
    const next = stripped.slice((m.index ?? 0) + name.length).trimStart()[0];
    if (next !== '(' && !PROMQL_WORDS.has(name)) names.add(name);
  }
  return [...names];
}

/** Names in Prometheus text exposition, with histogram series names expanded. */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    const name = type?.[1];
    if (name) {
      const kind = type?.[2];
      names.add(name);
      if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
      continue;
    }
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/.exec(line);
    if (sample?.[1]) names.add(sample[1]);
  }
  return names;
}

/** Series Prometheus makes itself (`up`, `ALERTS`, `ALERTS_FOR_STATE`) and our recording rules. */
export function prometheusOwnNames(): Set<string> {
  const rules = parse(readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.yml'), 'utf8')) as {
    groups: { rules: { record?: string }[] }[];
  };
  const recorded = rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : [])));
  return new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE', ...recorded]);
}

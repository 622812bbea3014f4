import { fixed, words } from './format.js';

const W = 800;
const H = 300;
const PAD = { left: 56, right: 24, top: 28, bottom: 36 };

interface Scale {
  x: (v: number) => number;
  y: (v: number) => number;
}

function linear(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (v: number) => range[0] + ((v - d0) / span) * (range[1] - range[0]);
}

/** Round steps (1, 2 or 5 × a power of ten) covering lo..hi in about `count` steps: 0, 5, 10, 15 rather than 0, 3.4, 6.8. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power) as number;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

const HOUR = 3_600_000;

/**
 * Ticks on whole hours of the viewer's clock, every 1, 2, 3, 6, 12 or 24 hours (the smallest
 * that gives at most `max`), labelled with the date and the hour: "Dec 7, 06:00".
 */
export function timeTicks(tMin: number, tMax: number, max = 6): { at: number; label: string }[] {
  const step = [1, 2, 3, 6, 12, 24].find((h) => (tMax - tMin) / (h * HOUR) <= max) ?? 24;
  const first = new Date(tMin);
  first.setMinutes(0, 0, 0);
  if (first.getTime() < tMin) first.setHours(first.getHours() + 1);
  while (first.getHours() % step !== 0) first.setHours(first.getHours() + 1);
  const out: { at: number; label: string }[] = [];
  for (const t = first; t.getTime() <= tMax; t.setHours(t.getHours() + step)) {
    out.push({
      at: t.getTime(),
      label: `${t.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${String(t.getHours()).padStart(2, '0')}:00`,
    });
  }
  return out;
}

interface AxesProps {
  scale: Scale;
  xTicks: { at: number; label: string }[];
  yTicks: number[];
  xLabel: string;
  yLabel: string;
  yFormat?: (v: number) => string;
}

function Axes({ scale, xTicks, yTicks, xLabel, yLabel, yFormat = (t) => fixed(t, Math.abs(t) >= 10 ? 0 : 2) }: AxesProps) {
  return (
    <g className="axes">
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={scale.y(t)} y2={scale.y(t)} />
          <text className="tick y-tick" x={PAD.left - 6} y={scale.y(t) + 4} textAnchor="end">
            {yFormat(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => {
        // Labels near an edge are anchored to stay inside the chart.
        const x = scale.x(t.at);
        const anchor = x > W - PAD.right - 50 ? 'end' : x < PAD.left + 50 ? 'start' : 'middle';
        return (
          <g key={`x${t.at}`}>
            <line className="axis" x1={x} x2={x} y1={H - PAD.bottom} y2={H - PAD.bottom + 4} />
            <text className="tick x-tick" x={x} y={H - PAD.bottom + 16} textAnchor={anchor}>
              {t.label}
            </text>
          </g>
        );
      })}
      <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <line className="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <text className="axis-label" x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle">
        {xLabel}
      </text>
      <text className="axis-label" x={4} y={14}>
        {yLabel}
      </text>
    </g>
  );
}

const path = (points: [number, number][]) =>
  points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

export interface TrendChartProps {
  title: string;
  points: { at: string; value: number | null }[];
  forecast: { at: string; value: number; lower: number; upper: number }[];
  anomalies: { at: string; value: number; kind: string; robustZ: number }[];
}

/** A business series with its forecast (line and band) and anomalies marked. */
export function TrendChart({ title, points, forecast, anomalies }: TrendChartProps) {
  const observed = points.filter((p): p is { at: string; value: number } => p.value !== null);
  const times = [...observed, ...forecast].map((p) => Date.parse(p.at));
  if (times.length === 0) return <p className="empty">No data in this range.</p>;
  const values = [...observed.map((p) => p.value), ...forecast.flatMap((f) => [f.lower, f.upper])];
  const lo = Math.min(0, ...values);
  const yTicks = niceTicks(lo, Math.max(...values, lo + 1e-9));
  const hi = yTicks.at(-1) ?? lo + 1;
  const yStep = (yTicks[1] ?? hi) - (yTicks[0] ?? lo);
  const scale: Scale = {
    x: linear([Math.min(...times), Math.max(...times)], [PAD.left, W - PAD.right]),
    y: linear([lo, hi], [H - PAD.bottom, PAD.top]),
  };
  const xy = (at: string, v: number): [number, number] => [scale.x(Date.parse(at)), scale.y(v)];
  const band = [...forecast.map((f) => xy(f.at, f.upper)), ...[...forecast].reverse().map((f) => xy(f.at, f.lower))];
  const lastObserved = observed.at(-1);
  const forecastLine = [
    ...(lastObserved ? [xy(lastObserved.at, lastObserved.value)] : []),
    ...forecast.map((f) => xy(f.at, f.value)),
  ];
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const xTicks = timeTicks(tMin, tMax);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: ${observed.length} points, ${forecast.length} forecast, ${anomalies.length} anomalies`}
      >
        <Axes
          scale={scale}
          xTicks={xTicks}
          yTicks={yTicks}
          xLabel="time (your clock)"
          yLabel={title}
          yFormat={(t) => fixed(t, yStep >= 1 ? 0 : yStep >= 0.1 ? 1 : 2)}
        />
        {band.length > 2 && <path className="band" d={`${path(band)} Z`} />}
        <path className="line observed" d={path(observed.map((p) => xy(p.at, p.value)))} data-points={observed.length} />
        {forecastLine.length > 1 && <path className="line forecast" d={path(forecastLine)} data-points={forecast.length} />}
        {anomalies.map((a) => {
          const [x, y] = xy(a.at, a.value);
          return (
            <circle key={a.at} className={`anomaly ${a.kind.toLowerCase()}`} cx={x} cy={y} r={6}>
              <title>{`${a.kind.toLowerCase()} anomaly at ${new Date(a.at).toLocaleString()}: ${fixed(a.value)} (robust z ${fixed(a.robustZ, 1)})`}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption>
        <span className="key observed">observed</span> <span className="key forecast">forecast with its band</span>{' '}
        <span className="key anomaly">anomaly</span>
      </figcaption>
    </figure>
  );
}

/** Calibration: mean prediction against mean rating per bin, with the diagonal of perfect calibration. */
export function CalibrationPlot({
  bins,
}: {
  bins: { from: number; to: number; count: number; meanPrediction?: number | null; meanTarget?: number | null }[];
}) {
  const size = 320;
  const pad = 40;
  const s = linear([0, 1], [pad, size - 8]);
  const sy = linear([0, 1], [size - pad, 8]);
  const filled = bins.filter((b) => b.count > 0 && b.meanPrediction != null && b.meanTarget != null);
  return (
    <figure className="chart calibration">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`Calibration: ${filled.length} bins with data`}>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line className="grid" x1={s(0)} x2={s(1)} y1={sy(t)} y2={sy(t)} />
            <text className="tick" x={pad - 6} y={sy(t) + 4} textAnchor="end">
              {t}
            </text>
            <text className="tick" x={s(t)} y={size - pad + 16} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        <line className="diagonal" x1={s(0)} y1={sy(0)} x2={s(1)} y2={sy(1)} />
        <path className="line observed" d={path(filled.map((b) => [s(b.meanPrediction ?? 0), sy(b.meanTarget ?? 0)]))} />
        {filled.map((b) => (
          <circle
            key={b.from}
            className="bin"
            cx={s(b.meanPrediction ?? 0)}
            cy={sy(b.meanTarget ?? 0)}
            r={Math.min(9, 2 + Math.sqrt(b.count))}
          >
            <title>{`${fixed(b.from, 1)}–${fixed(b.to, 1)}: ${b.count} trajectories, predicted ${fixed(b.meanPrediction)}, rated ${fixed(b.meanTarget)}`}</title>
          </circle>
        ))}
        <text className="axis-label" x={size - 8} y={size - 4} textAnchor="end">
          mean prediction
        </text>
        <text className="axis-label" x={4} y={14}>
          mean target
        </text>
      </svg>
      <figcaption>Dots on the diagonal are perfectly calibrated; dot size grows with the bin's count.</figcaption>
    </figure>
  );
}

/** Training and validation loss by epoch on a log scale. */
export function LossChart({ points, epochs }: { points: { epoch: number; loss: number; val: number }[]; epochs: number }) {
  const values = points.flatMap((p) => [p.loss, p.val]).filter((v) => v > 0);
  const lo = values.length ? Math.floor(Math.log10(Math.min(...values))) : -3;
  const hi = values.length ? Math.ceil(Math.log10(Math.max(...values))) : 0;
  const maxEpoch = Math.max(epochs, ...points.map((p) => p.epoch), 1);
  const scale: Scale = {
    x: linear([0, maxEpoch], [PAD.left, W - PAD.right]),
    y: (v) => linear([lo, Math.max(hi, lo + 1)], [H - PAD.bottom, PAD.top])(Math.log10(Math.max(v, 10 ** lo))),
  };
  const step = Math.max(1, Math.ceil(maxEpoch / 10));
  const xTicks = Array.from({ length: Math.floor(maxEpoch / step) + 1 }, (_, i) => ({ at: i * step, label: String(i * step) }));
  const yTicks = Array.from({ length: Math.max(hi, lo + 1) - lo + 1 }, (_, i) => 10 ** (lo + i));
  const line = (field: 'loss' | 'val') => path(points.map((p) => [scale.x(p.epoch), scale.y(p[field])]));
  return (
    <figure className="chart">
      <svg id="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training and validation loss by epoch (log scale)">
        <Axes
          scale={scale}
          xTicks={xTicks}
          yTicks={yTicks}
          xLabel="epoch"
          yLabel="MSE (log)"
          yFormat={(t) => `1e${Math.round(Math.log10(t))}`}
        />
        {points.length > 0 && (
          <>
            <path className="line train" d={line('loss')} data-points={points.length} />
            <path className="line val" d={line('val')} data-points={points.length} />
          </>
        )}
      </svg>
      <figcaption>
        <span className="key train">training loss</span> <span className="key val">validation loss</span> (MSE, log scale) by
        epoch
      </figcaption>
    </figure>
  );
}

export interface TrialBar {
  label: string;
  /** The trial's best validation loss; null until it has one. */
  loss: number | null;
  status: string;
  best: boolean;
}

/** A search's trials side by side: each one's best validation loss (shorter is better), the best marked. */
export function TrialChart({ trials }: { trials: TrialBar[] }) {
  const row = 26;
  const left = 250;
  const right = 120;
  const height = PAD.top + trials.length * row + 8;
  const max = Math.max(...trials.map((t) => t.loss ?? 0), 1e-9);
  const x = linear([0, max], [left, W - right]);
  const done = trials.filter((t) => t.loss !== null).length;
  return (
    <figure className="chart">
      <svg
        id="trial-chart"
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-label={`Best validation loss of ${done} of ${trials.length} trials`}
      >
        {trials.map((t, i) => {
          const y = PAD.top + i * row;
          const end = t.loss === null ? left : x(t.loss);
          return (
            <g key={i} className={t.best ? 'trial best' : 'trial'}>
              <text className="tick" x={left - 8} y={y + row / 2 + 4} textAnchor="end">
                {t.label}
              </text>
              {t.loss !== null && <rect className="bar" x={left} y={y + 4} width={end - left} height={row - 8} />}
              <text className="tick" x={end + 6} y={y + row / 2 + 4}>
                {t.loss === null ? words(t.status) : fixed(t.loss, 5)}
                {t.best ? ' (best)' : ''}
              </text>
            </g>
          );
        })}
        <text className="axis-label" x={left} y={16}>
          best validation loss (MSE)
        </text>
      </svg>
      <figcaption>
        One bar per trial; shorter is better. <span className="key best">the best trial</span>
      </figcaption>
    </figure>
  );
}

import { useEffect, useRef, useState } from 'react';
import { request, subscribe } from '../api.js';
import { LossChart } from '../charts.js';
import { fixed } from '../format.js';
import { asApiError, useQuery } from '../hooks.js';
import { can, useMe } from '../session.js';
import { Status } from '../status.js';
import {
  ConsoleStartTrainingDocument,
  ConsoleTrainingProgressDocument,
  ConsoleTrainingRunsDocument,
  type ConsoleTrainingProgressSubscription,
} from '../../../examples/generated/graphql.js';

type Event = ConsoleTrainingProgressSubscription['trainingProgress'];
type Metrics = NonNullable<NonNullable<Event['run']>['modelVersion']>['metrics'];

interface Followed {
  runId: string;
  epochs: number;
  latest: Event | null;
  /** The last progress event: its figures stay on screen after the run ends. */
  progress: Event | null;
  points: { epoch: number; loss: number; val: number }[];
  log: string[];
  version: string;
  metrics: Metrics | null;
}

/** Live progress of a training run over the gateway's `trainingProgress` subscription (graphql-ws). */
export function TrainingPage() {
  const me = useMe();
  const runs = useQuery(ConsoleTrainingRunsDocument, {});
  const [selected, setSelected] = useState('');
  const [epochs, setEpochs] = useState(60);
  const [promote, setPromote] = useState(false);
  const [message, setMessage] = useState('');
  const [run, setRun] = useState<Followed | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const follow = (runId: string, runEpochs: number) => {
    stop.current?.();
    setRun({ runId, epochs: runEpochs, latest: null, progress: null, points: [], log: [], version: '—', metrics: null });
    setMessage(`Following run ${runId}…`);
    stop.current = subscribe(
      ConsoleTrainingProgressDocument,
      { runId },
      {
        next: ({ trainingProgress: e }) =>
          setRun((r) => {
            if (!r) return r;
            const next = { ...r, latest: e, progress: e.kind === 'PROGRESS' ? e : r.progress };
            if (e.kind === 'PROGRESS' && e.epoch != null && e.loss != null && e.validationLoss != null) {
              const point = { epoch: e.epoch, loss: e.loss, val: e.validationLoss };
              next.points = [...r.points.filter((p) => p.epoch !== e.epoch), point];
            } else if (e.kind !== 'PROGRESS') {
              next.log = [
                ...r.log,
                `${new Date(e.at).toLocaleTimeString()} ${e.status.toLowerCase()}${e.message ? `: ${e.message}` : ''}`,
              ];
            }
            const version = e.run?.modelVersion;
            if (version) {
              next.version = `v${version.version}${version.aliases.length ? ` (${version.aliases.join(', ')})` : ''}`;
              next.metrics = version.metrics;
            }
            return next;
          }),
        error: (err) => setMessage(`${'code' in err ? String(err.code) : 'ERROR'}: ${err.message}`),
        complete: () => {
          setMessage(`Run ${runId} ended.`);
          runs.reload();
        },
      },
    );
  };

  const start = async () => {
    try {
      const { startTraining } = await request(ConsoleStartTrainingDocument, {
        input: { epochs, ...(promote ? { promoteTo: 'production' } : {}) },
      });
      setSelected(startTraining.id);
      runs.reload();
      follow(startTraining.id, startTraining.config.epochs);
    } catch (e) {
      const err = asApiError(e);
      setMessage(`${err.code}: ${err.message}`);
    }
  };

  const list = runs.data?.trainingRuns.edges.map((e) => e.node) ?? [];
  const e = run?.latest;
  const progress = run?.progress ?? null;
  const ended = [e?.status, progress?.status].some((s) => s === 'COMPLETED' || s === 'FAILED' || s === 'CANCELLED');
  return (
    <>
      <h1>Reward model training</h1>
      <Status loading={runs.loading && !runs.data} error={runs.error} />
      <section className="controls" aria-label="Training runs">
        <label>
          Run{' '}
          <select id="runs" value={selected} onChange={(ev) => setSelected(ev.target.value)}>
            <option value="">{list.length ? 'choose a run' : 'no runs yet'}</option>
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                {new Date(r.createdAt).toLocaleString()} · {r.status.toLowerCase()} · {r.trigger.toLowerCase()} ·{' '}
                {r.id.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          id="follow"
          disabled={!selected}
          onClick={() => follow(selected, list.find((r) => r.id === selected)?.config.epochs ?? 0)}
        >
          Follow
        </button>
        {can(me, 'ML_ENGINEER') && (
          <>
            <EpochsField id="epochs" value={epochs} onChange={setEpochs} />
            <label>
              <input id="promote-after" type="checkbox" checked={promote} onChange={(ev) => setPromote(ev.target.checked)} />{' '}
              promote to production if it passes the gate
            </label>
            <button type="button" id="start" onClick={() => void start()}>
              Start a run
            </button>
          </>
        )}
      </section>
      <p id="message" role="status" aria-live="polite">
        {message}
      </p>
      <dl className="tiles">
        <Figure label="Status" id="status" value={e?.status ?? '—'} />
        <Figure label="Epoch" id="epoch" value={progress ? `${progress.epoch} / ${run?.epochs}` : '—'} />
        <Figure label="Loss" id="loss" value={fixed(progress?.loss, 5)} />
        <Figure label="Validation loss" id="val-loss" value={fixed(progress?.validationLoss, 5)} />
        <Figure label="Validation MAE" id="val-mae" value={fixed(progress?.validationMae, 4)} />
        <Figure
          label="Samples/s"
          id="rate"
          value={progress ? Math.round(progress.samplesPerSecond ?? 0).toLocaleString() : '—'}
        />
        <Figure label="ETA" id="eta" value={progress && !ended ? `${Math.round(progress.etaSeconds ?? 0)} s` : '—'} />
        <Figure label="Model version" id="version" value={run?.version ?? '—'} />
      </dl>
      <LossChart points={run?.points ?? []} epochs={run?.epochs ?? 1} />
      {run?.metrics && (
        <section id="metrics" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Held-out test split</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">metric</th>
                <th scope="col">model</th>
                <th scope="col">rubric vs ratings</th>
              </tr>
            </thead>
            <tbody id="metrics-body">
              {(
                [
                  ['MAE', 'mae', 3],
                  ['R²', 'r2', 3],
                  ['Spearman', 'spearman', 3],
                  ['pairwise accuracy', 'pairwiseAccuracy', 3],
                  ['within ±0.1', 'accuracyWithin', 3],
                  ['samples', 'count', 0],
                ] as const
              ).map(([label, field, digits]) => (
                <tr key={field}>
                  <th scope="row">{label}</th>
                  <td>{fixed(run.metrics?.test[field], digits)}</td>
                  <td>{fixed(run.metrics?.rubricBaseline?.[field], digits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ol id="log" className="log">
        {run?.log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </>
  );
}

/** How many epochs a run (or each trial of a search) may train: the training config's range. */
export function EpochsField({ id, value, onChange }: { id: string; value: number; onChange: (epochs: number) => void }) {
  return (
    <label>
      Epochs{' '}
      <input id={id} type="number" min={1} max={10000} value={value} onChange={(ev) => onChange(Number(ev.target.value))} />
    </label>
  );
}

function Figure({ label, id, value }: { label: string; id: string; value: string }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd id={id}>{value}</dd>
    </div>
  );
}

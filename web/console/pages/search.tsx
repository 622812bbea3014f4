import { useEffect, useState } from 'react';
import { request } from '../api.js';
import { TrialChart } from '../charts.js';
import { fixed, when, words } from '../format.js';
import { asApiError, useQuery } from '../hooks.js';
import { can, useMe } from '../session.js';
import { Status } from '../status.js';
import { EpochsField } from './training.js';
import {
  ConsoleCancelSearchDocument,
  ConsoleSearchDocument,
  ConsoleSearchesDocument,
  ConsoleStartSearchDocument,
  type ConsoleSearchQuery,
} from '../../../examples/generated/graphql.js';

type Trial = NonNullable<ConsoleSearchQuery['hyperparameterSearch']>['trials'][number];

/** The Model service's limit (MAX_TRIALS): the form says so before the request is refused. */
const MAX_TRIALS = 12;
/** How often a running search is asked again: each trial's epochs and losses move on screen. */
const POLL_MS = 1500;

/** "0.001, 0.003" as numbers, or the first entry that is not one (integers only if asked). */
function parseList(text: string, integer: boolean): number[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return 'give at least one value';
  const values: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
      return `“${part}” is not a positive ${integer ? 'whole ' : ''}number`;
    values.push(n);
  }
  return values;
}

/** "256-128-64, 128-64" as layer lists. */
function parseLayers(text: string): number[][] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return 'give at least one network';
  const nets: number[][] = [];
  for (const part of parts) {
    const layers = parseList(part.replaceAll('-', ' '), true);
    if (typeof layers === 'string') return `“${part}”: ${layers}`;
    nets.push(layers);
  }
  return nets;
}

const trialLabel = (t: Trial) => `lr ${t.config.learningRate} · batch ${t.config.batchSize} · ${t.config.hiddenUnits.join('-')}`;

/** Start a grid search over learning rate, batch size and layers, and watch its trials race. */
export function SearchPage() {
  const me = useMe();
  const searches = useQuery(ConsoleSearchesDocument, {});
  const [selected, setSelected] = useState('');
  const [rates, setRates] = useState('0.0003, 0.001, 0.003');
  const [batches, setBatches] = useState('32, 128');
  const [hidden, setHidden] = useState('256-128-64, 128-64');
  const [epochs, setEpochs] = useState(30);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** Bumped after a cancel, so the shown search is read again at once. */
  const [generation, setGeneration] = useState(0);

  const list = searches.data?.hyperparameterSearches ?? [];
  const shown = selected || list[0]?.id || '';
  const mayRun = can(me, 'ML_ENGINEER');

  const rateList = parseList(rates, false);
  const batchList = parseList(batches, true);
  const layerList = parseLayers(hidden);
  const problem =
    typeof rateList === 'string'
      ? `learning rates: ${rateList}`
      : typeof batchList === 'string'
        ? `batch sizes: ${batchList}`
        : typeof layerList === 'string'
          ? `hidden layers: ${layerList}`
          : null;
  const count = problem ? 0 : rateList.length * batchList.length * layerList.length;

  const act = async (what: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
      searches.reload();
      setGeneration((g) => g + 1);
    } catch (e) {
      const err = asApiError(e);
      setMessage({ ok: false, text: `${err.code}: ${err.message}` });
    }
  };
  const start = () =>
    act(async () => {
      if (typeof rateList === 'string' || typeof batchList === 'string' || typeof layerList === 'string')
        throw new Error(problem ?? 'the grid has a bad value');
      const { startHyperparameterSearch } = await request(ConsoleStartSearchDocument, {
        input: { learningRates: rateList, batchSizes: batchList, hiddenUnits: layerList, epochs },
      });
      setSelected(startHyperparameterSearch.id);
      return `Search ${startHyperparameterSearch.id.slice(0, 8)} queued ${count} trials.`;
    });
  const cancel = (id: string) =>
    act(async () => {
      await request(ConsoleCancelSearchDocument, { id });
      return `Cancelled the trials of search ${id.slice(0, 8)} that had not ended.`;
    });

  return (
    <>
      <h1>Hyperparameter search</h1>
      <Status loading={searches.loading && !searches.data} error={searches.error} />
      {mayRun && (
        <form
          className="controls"
          aria-label="A new search"
          onSubmit={(ev) => {
            ev.preventDefault();
            void start();
          }}
        >
          <label>
            Learning rates <input id="search-rates" value={rates} onChange={(ev) => setRates(ev.target.value)} size={18} />
          </label>
          <label>
            Batch sizes <input id="search-batches" value={batches} onChange={(ev) => setBatches(ev.target.value)} size={8} />
          </label>
          <label>
            Hidden layers <input id="search-hidden" value={hidden} onChange={(ev) => setHidden(ev.target.value)} size={18} />
          </label>
          <EpochsField id="search-epochs" value={epochs} onChange={setEpochs} />
          <span id="search-count" className={problem || count > MAX_TRIALS ? 'error' : ''}>
            {problem ?? `${count} trial${count === 1 ? '' : 's'}${count > MAX_TRIALS ? `: at most ${MAX_TRIALS}` : ''}`}
          </span>
          <button type="submit" id="start-search" disabled={problem !== null || count > MAX_TRIALS}>
            Start the search
          </button>
        </form>
      )}
      <p id="search-message" role="status" aria-live="polite" className={message ? (message.ok ? 'ok' : 'error') : ''}>
        {message?.text}
      </p>
      <section className="controls" aria-label="Searches">
        <label>
          Search{' '}
          <select id="searches" value={shown} onChange={(ev) => setSelected(ev.target.value)}>
            {list.length === 0 && <option value="">no searches yet</option>}
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {when(s.createdAt)} · {words(s.status)} · {s.trials.length} trials · {s.id.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
      </section>
      {shown && (
        <SearchDetail
          key={`${shown}:${generation}`}
          id={shown}
          onCancel={mayRun ? () => void cancel(shown) : null}
          onEnded={searches.reload}
        />
      )}
    </>
  );
}

/** One search: its trials as bars and as a table, asked again every POLL_MS while it runs. */
function SearchDetail({
  id,
  onCancel,
  onEnded,
}: {
  id: string;
  onCancel: (() => void) | null;
  /** The search stopped running while shown: the list's status of it is out of date. */
  onEnded: () => void;
}) {
  const { data, error, loading, reload } = useQuery(ConsoleSearchDocument, { id });
  const current = data?.hyperparameterSearch;
  const running = current?.status === 'RUNNING';
  const [wasRunning, setWasRunning] = useState(false);
  useEffect(() => {
    if (running) setWasRunning(true);
    else if (wasRunning) onEnded();
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload, wasRunning, onEnded]);
  if (!current) return <Status loading={loading} error={error} />;

  const trials = current.trials;
  const bestId = current.best?.id;
  const completed = trials.filter((t) => t.status === 'COMPLETED').length;
  return (
    <>
      <p id="search-summary">
        <strong>{words(current.status)}</strong>: {completed} of {trials.length} trials completed; started by {current.startedBy},{' '}
        {when(current.createdAt)}.
        {bestId && ` Best: trial ${trials.findIndex((t) => t.id === bestId) + 1}, the lowest validation loss.`}{' '}
        {running && onCancel && (
          <button type="button" id="cancel-search" onClick={onCancel}>
            Cancel the trials not yet ended
          </button>
        )}
      </p>
      <TrialChart
        trials={trials.map((t) => ({
          label: trialLabel(t),
          loss: t.bestValidationLoss ?? null,
          status: t.status,
          best: t.id === bestId,
        }))}
      />
      <table id="trials">
        <caption>The best trial has the lowest validation loss; judge it on the test split (Models) before promoting it.</caption>
        <thead>
          <tr>
            <th scope="col">trial</th>
            <th scope="col">learning rate</th>
            <th scope="col">batch</th>
            <th scope="col">hidden</th>
            <th scope="col">status</th>
            <th scope="col">epochs</th>
            <th scope="col">validation loss</th>
            <th scope="col">test MAE</th>
            <th scope="col">test Spearman</th>
            <th scope="col">version</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((t, i) => (
            <tr key={t.id} className={t.id === bestId ? 'best' : undefined} data-status={t.status}>
              <td>
                {i + 1}
                {t.id === bestId ? ' (best)' : ''}
              </td>
              <td>{t.config.learningRate}</td>
              <td>{t.config.batchSize}</td>
              <td>{t.config.hiddenUnits.join('-')}</td>
              <td title={t.error ?? undefined}>{words(t.status)}</td>
              <td>
                {t.epochsCompleted} / {t.config.epochs}
              </td>
              <td>{fixed(t.bestValidationLoss, 5)}</td>
              <td>{fixed(t.modelVersion?.metrics?.test.mae, 4)}</td>
              <td>{fixed(t.modelVersion?.metrics?.test.spearman, 3)}</td>
              <td>{t.modelVersion ? `v${t.modelVersion.version}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

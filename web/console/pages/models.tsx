import { useState } from 'react';
import { request } from '../api.js';
import { CalibrationPlot } from '../charts.js';
import { fixed, percent, when, words } from '../format.js';
import { asApiError, useQuery } from '../hooks.js';
import { Markdown } from '../markdown.js';
import { can, useMe } from '../session.js';
import { Status } from '../status.js';
import {
  ConsolePromoteDocument,
  ConsoleRollbackDocument,
  ConsoleModelsDocument,
  type ConsoleAgreementFragment,
  type ConsoleModelsQuery,
} from '../../../examples/generated/graphql.js';

type Version = ConsoleModelsQuery['modelVersions']['edges'][number]['node'];

const AGREEMENT: [keyof ConsoleAgreementFragment, string, number][] = [
  ['mae', 'MAE', 3],
  ['rmse', 'RMSE', 3],
  ['r2', 'R²', 3],
  ['spearman', 'Spearman', 3],
  ['pairwiseAccuracy', 'pairwise accuracy', 3],
  ['accuracyWithin', 'within ±0.1', 3],
  ['count', 'trajectories', 0],
];

/** How a version came about; a search trial also says which point of the grid it was. */
function trainedHow(v: Version): string {
  if (!v.run) return 'imported';
  if (!v.run.search) return words(v.run.trigger);
  return `search trial: lr ${v.config.learningRate}, batch ${v.config.batchSize}, ${v.config.hiddenUnits.join('-')}`;
}

export function ModelsPage() {
  const me = useMe();
  const { data, error, loading, reload } = useQuery(ConsoleModelsDocument, {});
  const [selected, setSelected] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const versions = data?.modelVersions.edges.map((e) => e.node) ?? [];
  const version = versions.find((v) => v.id === selected) ?? versions[0];
  const mayMove = can(me, 'ML_ENGINEER');

  const act = async (what: () => Promise<string>) => {
    setVerdict(null);
    try {
      setVerdict({ ok: true, text: await what() });
      reload();
    } catch (e) {
      const err = asApiError(e);
      setVerdict({ ok: false, text: `${err.code}: ${err.message}` });
    }
  };
  const promote = (v: Version, alias: string) =>
    act(async () => {
      const { promoteModel } = await request(ConsolePromoteDocument, { versionId: v.id, alias });
      return `The promotion gate passed: ${promoteModel.name} now points at v${promoteModel.version.version}.`;
    });
  const rollback = (alias: string) =>
    act(async () => {
      const { rollbackModel } = await request(ConsoleRollbackDocument, { alias });
      return `${rollbackModel.name} rolled back to v${rollbackModel.version.version}.`;
    });

  return (
    <>
      <h1>Models</h1>
      <Status loading={loading} error={error} />
      {verdict && (
        <p id="verdict" role="alert" className={verdict.ok ? 'ok' : 'error'}>
          {verdict.text}
        </p>
      )}
      {data && versions.length === 0 && <p className="empty">No model versions yet: start a training run.</p>}
      {versions.length > 0 && (
        <table id="versions">
          <caption>
            Registered versions, newest first. MAE on the whole held-out test split; model and rubric compared on its rated
            trajectories only (elsewhere the target is the rubric's own score)
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Created</th>
              <th scope="col">Aliases</th>
              <th scope="col">Trained</th>
              <th scope="col">MAE</th>
              <th scope="col">Rated test</th>
              <th scope="col">Model within ±0.1</th>
              <th scope="col">Rubric within ±0.1</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} aria-selected={v.id === version?.id}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => setSelected(v.id)}>
                    v{v.version}
                  </button>
                </th>
                <td>{when(v.createdAt)}</td>
                <td>{v.aliases.join(', ')}</td>
                <td>{trainedHow(v)}</td>
                <td>{fixed(v.metrics.test.mae)}</td>
                <td>{v.metrics.ratedTest?.count ?? '—'}</td>
                <td>{percent(v.metrics.ratedTest?.accuracyWithin)}</td>
                <td>{percent(v.metrics.rubricBaseline?.accuracyWithin)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {version && (
        <section aria-labelledby="version-title" id="version-detail">
          <h2 id="version-title">
            v{version.version} · {version.backend} · trained by {version.createdBy}
          </h2>
          {mayMove && (
            <div className="actions">
              <button type="button" id="promote" onClick={() => void promote(version, 'production')}>
                Promote v{version.version} to production
              </button>
              <button type="button" id="stage" onClick={() => void promote(version, 'staging')}>
                Point staging here
              </button>
            </div>
          )}
          <div className="columns">
            <table id="agreement">
              <caption>
                Held-out agreement. Targets:{' '}
                <span id="target-sources">
                  {version.run?.dataset
                    ? `${version.run.dataset.targetsFromRatings} from educators, ${version.run.dataset.targetsFromRubric} fall back to the rubric`
                    : 'not recorded'}
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col">Model, all test</th>
                  <th scope="col">Model, rated</th>
                  <th scope="col">Rubric, rated</th>
                </tr>
              </thead>
              <tbody>
                {AGREEMENT.map(([field, label, digits]) => (
                  <tr key={field}>
                    <th scope="row">{label}</th>
                    <td>{fixed(version.metrics.test[field], digits)}</td>
                    <td>{fixed(version.metrics.ratedTest?.[field], digits)}</td>
                    <td>{fixed(version.metrics.rubricBaseline?.[field], digits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CalibrationPlot bins={version.metrics.calibration} />
          </div>
          <table id="per-audience">
            <caption>By audience</caption>
            <thead>
              <tr>
                <th scope="col">Audience</th>
                <th scope="col">Trajectories</th>
                <th scope="col">MAE</th>
                <th scope="col">Within ±0.1</th>
              </tr>
            </thead>
            <tbody>
              {version.metrics.perAudience.map((a) => (
                <tr key={a.audience}>
                  <th scope="row">{words(a.audience)}</th>
                  <td>{a.count}</td>
                  <td>{fixed(a.mae)}</td>
                  <td>{percent(a.accuracyWithin)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>Model card</summary>
            <Markdown text={version.modelCard} />
          </details>
        </section>
      )}
      {data && (
        <section aria-labelledby="aliases-title">
          <h2 id="aliases-title">Aliases</h2>
          {data.modelAliases.map((alias) => (
            <div key={alias.name} className="alias">
              <h3>
                {alias.name} → v{alias.version.version}{' '}
                <small>
                  (moved by {alias.updatedBy}, {when(alias.updatedAt)})
                </small>
              </h3>
              {mayMove && alias.history.length > 1 && (
                <button type="button" className="rollback" onClick={() => void rollback(alias.name)}>
                  Roll {alias.name} back
                </button>
              )}
              <ol className="history">
                {alias.history.map((m, i) => (
                  <li key={i}>
                    {when(m.at)}: {words(m.action)} {m.from ? `v${m.from.version} → ` : ''}v{m.to.version} by {m.actor}
                    {m.forced ? ' (forced)' : ''}
                    {m.reason ? `: ${m.reason}` : ''}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
    </>
  );
}

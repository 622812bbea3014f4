import { useState, type FormEvent } from 'react';
import { fixed, when, words } from '../format.js';
import { useQuery } from '../hooks.js';
import { Illustration } from '../illustration.js';
import { Status } from '../status.js';
import {
  ConsoleModalitiesDocument,
  ConsoleTrajectoriesDocument,
  ConsoleTrajectoryDocument,
  type LearnerLevel,
  type TrajectoryFilter,
  type TrajectoryStatus,
} from '../../../examples/generated/graphql.js';

const AUDIENCES: LearnerLevel[] = ['PATIENT', 'UNDERGRADUATE', 'MEDICAL_STUDENT', 'RESIDENT', 'SPECIALIST'];
const STATUSES: TrajectoryStatus[] = ['VALID', 'LOW_QUALITY', 'DUPLICATE'];
const PAGE = 20;

/**
 * "any", then each modality the data has, with its count. The vocabulary is data (a new kind of
 * image arrives without a release), so the choices are too.
 */
export function ModalityOptions() {
  const modalities = useQuery(ConsoleModalitiesDocument, {}).data?.modalities ?? [];
  return (
    <>
      <option value="">any</option>
      {modalities
        .filter((m) => m.trajectoryCount > 0)
        .map((m) => (
          <option key={m.code} value={m.code}>
            {words(m.code)} ({m.trajectoryCount}){m.builtIn ? '' : ' · new'}
          </option>
        ))}
    </>
  );
}

export function TrajectoriesPage() {
  const [filter, setFilter] = useState<TrajectoryFilter>({});
  // Cursors of the pages before this one, so Previous goes back without offsets.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const { data, error, loading } = useQuery(ConsoleTrajectoriesDocument, { first: PAGE, after, filter });
  const connection = data?.trajectories;

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const audience = String(form.get('audience') ?? '');
    const status = String(form.get('status') ?? '');
    const topic = String(form.get('topic') ?? '').trim();
    const modality = String(form.get('modality') ?? '');
    setFilter({
      ...(modality ? { modality: [modality] } : {}),
      ...(audience ? { audience: [audience as LearnerLevel] } : {}),
      ...(status ? { status: [status as TrajectoryStatus] } : {}),
      ...(topic ? { topic } : {}),
    });
    setCursors([null]);
  };
  return (
    <>
      <h1>Trajectories</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter trajectories">
        <label>
          Audience{' '}
          <select name="audience" defaultValue="">
            <option value="">any</option>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {words(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select name="status" defaultValue="">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Modality{' '}
          <select name="modality" defaultValue="">
            <ModalityOptions />
          </select>
        </label>
        <label>
          Topic <input name="topic" type="text" placeholder="e.g. cardiology" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Status loading={loading} error={error} />
      {connection && (
        <>
          <table id="trajectories">
            <caption>
              {connection.totalCount.toLocaleString()} trajectories; page {cursors.length}
            </caption>
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Topic</th>
                <th scope="col">Modality</th>
                <th scope="col">Audience</th>
                <th scope="col">Status</th>
                <th scope="col">Rubric</th>
                <th scope="col">Model</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node: t }) => (
                <tr key={t.id}>
                  <td>
                    <a href={`#/trajectories/${t.id}`}>{when(t.submittedAt)}</a>
                  </td>
                  <td>{t.image.topic}</td>
                  <td>{words(t.image.modality)}</td>
                  <td>{words(t.audience)}</td>
                  <td>{words(t.status)}</td>
                  <td>{fixed(t.reward?.total)}</td>
                  <td>{fixed(t.predictedReward?.value)}</td>
                  <td>{fixed(t.averageRating)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <button
              type="button"
              disabled={!connection.pageInfo.hasNextPage}
              onClick={() => setCursors((c) => [...c, connection.pageInfo.endCursor ?? null])}
            >
              Next
            </button>
          </div>
        </>
      )}
    </>
  );
}

export function TrajectoryPage({ id }: { id: string }) {
  const { data, error, loading } = useQuery(ConsoleTrajectoryDocument, { id });
  const t = data?.trajectory;
  return (
    <>
      <p>
        <a href="#/trajectories">← Trajectories</a>
      </p>
      <h1>Trajectory {id.slice(0, 8)}</h1>
      <Status loading={loading} error={error} />
      {data && !t && <p role="alert">No trajectory {id}.</p>}
      {t && (
        <div className="detail with-image">
          <section aria-labelledby="image-title">
            <h2 id="image-title">Image</h2>
            <Illustration image={t.image} />
            <dl className="facts">
              <dt>Topic</dt>
              <dd>{t.image.topic}</dd>
              <dt>Modality</dt>
              <dd>{words(t.image.modality)}</dd>
              <dt>Format</dt>
              <dd>
                {t.image.format} · {t.image.width}×{t.image.height}
              </dd>
              <dt>Audience</dt>
              <dd>{words(t.audience)}</dd>
              <dt>Submitted</dt>
              <dd>
                {when(t.submittedAt)} by {t.submitter}
              </dd>
              <dt>SHA-256</dt>
              <dd>
                <code>{t.image.sha256.slice(0, 16)}…</code>
              </dd>
            </dl>
          </section>
          <div>
            <section aria-labelledby="reward-title">
              <h2 id="reward-title">Reward</h2>
              <dl className="tiles">
                <div className="tile">
                  <dt>Rubric v{t.reward?.rubricVersion ?? '—'}</dt>
                  <dd id="rubric-total">{fixed(t.reward?.total)}</dd>
                </div>
                <div className="tile">
                  <dt>Model{t.predictedReward ? ` v${t.predictedReward.modelVersion.version}` : ''}</dt>
                  <dd id="predicted">{fixed(t.predictedReward?.value)}</dd>
                  {t.predictedReward?.uncertainty != null && <dd>± {fixed(1.645 * t.predictedReward.uncertainty, 2)} (90%)</dd>}
                </div>
                <div className="tile">
                  <dt>Educators ({t.feedback.length})</dt>
                  <dd>{fixed(t.averageRating)}</dd>
                </div>
              </dl>
              <table id="reward-breakdown">
                <caption>The rubric's components and its reasons</caption>
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Score</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Contribution</th>
                    <th scope="col">Reasons</th>
                  </tr>
                </thead>
                <tbody>
                  {t.reward?.components.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">{words(c.name)}</th>
                      <td>{fixed(c.score)}</td>
                      <td>{fixed(c.weight, 2)}</td>
                      <td>{fixed(c.contribution)}</td>
                      <td>
                        <ul>
                          {c.reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            {t.predictedReward && t.predictedReward.explanation.length > 0 && (
              <section aria-labelledby="explanation-title">
                <h2 id="explanation-title">What the model weighed</h2>
                <table id="explanation">
                  <caption>
                    Contributions to the predicted {fixed(t.predictedReward.value)}, largest first (the rubric&apos;s weighted
                    components, then what educators&apos; ratings add)
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Part</th>
                      <th scope="col">Contribution</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.predictedReward.explanation.slice(0, 10).map((c) => (
                      <tr key={c.group}>
                        <th scope="row">{c.group}</th>
                        <td className={c.contribution < 0 ? 'error' : ''}>
                          {c.contribution >= 0 ? '+' : ''}
                          {fixed(c.contribution)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            <section aria-labelledby="ratings-title">
              <h2 id="ratings-title">Ratings</h2>
              {t.feedback.length === 0 ? (
                <p className="empty">Nobody has rated it yet.</p>
              ) : (
                <table id="ratings">
                  <thead>
                    <tr>
                      <th scope="col">Rater</th>
                      <th scope="col">Score</th>
                      <th scope="col">Comment</th>
                      <th scope="col">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.feedback.map((f) => (
                      <tr key={f.id}>
                        <td>{f.rater}</td>
                        <td>{fixed(f.score, 2)}</td>
                        <td>{f.comment ?? ''}</td>
                        <td>{when(f.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <AgentOutputs steps={t.steps} />
          </div>
        </div>
      )}
    </>
  );
}

export function AgentOutputs({
  steps,
}: {
  steps: { agent: string; status: string; confidence?: number | null; outputSummary?: string | null; error?: string | null }[];
}) {
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">Agent outputs</h2>
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={i} className={s.status.toLowerCase()}>
            <strong>{s.agent}</strong> · {words(s.status)}
            {s.confidence != null ? ` · confidence ${fixed(s.confidence, 2)}` : ''}
            {s.outputSummary && <p>{s.outputSummary}</p>}
            {s.error && <p className="error">{s.error}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

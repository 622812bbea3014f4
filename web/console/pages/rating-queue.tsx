import { useEffect, useRef, useState } from 'react';
import { request } from '../api.js';
import { fixed, words } from '../format.js';
import { asApiError, useQuery } from '../hooks.js';
import { Illustration, preloadImage } from '../illustration.js';
import { Status } from '../status.js';
import { AgentOutputs, ModalityOptions } from './trajectories.js';
import {
  ConsoleRateDocument,
  ConsoleRatingQueueDocument,
  ConsoleWithdrawRatingDocument,
} from '../../../examples/generated/graphql.js';

/** Keys 0–9 give scores 0, 1/9, …, 1: ten steps over the rating's 0..1 range. */
const scoreOf = (digit: number) => digit / 9;

export function RatingQueuePage() {
  // A modality to keep to (an educator who reads endoscopy, say); empty: all of them.
  const [focus, setFocus] = useState('');
  const { data, error, loading, reload } = useQuery(ConsoleRatingQueueDocument, { first: 5, modality: focus || null });
  const [digit, setDigit] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [rated, setRated] = useState<string[]>([]);
  const commentRef = useRef<HTMLInputElement>(null);
  const queue = data?.ratingQueue;
  const candidate = queue?.candidates[0];
  // The next item's image loads while this one is rated, so it is there at once.
  const next = queue?.candidates[1]?.trajectory.image.url;
  useEffect(() => preloadImage(next), [next]);

  const submit = async () => {
    if (!candidate || digit === null || busy) return;
    setBusy(true);
    try {
      const { rateTrajectory } = await request(ConsoleRateDocument, {
        trajectoryId: candidate.trajectory.id,
        score: scoreOf(digit),
        comment: comment.trim() || null,
      });
      setRated((r) => [...r, rateTrajectory.trajectoryId]);
      setMessage(
        `Rated ${rateTrajectory.trajectoryId.slice(0, 8)} ${fixed(rateTrajectory.score, 2)} as ${rateTrajectory.rater}.`,
      );
      setDigit(null);
      setComment('');
      reload();
    } catch (e) {
      const err = asApiError(e);
      setMessage(`${err.code}: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    const last = rated.at(-1);
    if (!last || busy) return;
    setBusy(true);
    try {
      const { withdrawRating } = await request(ConsoleWithdrawRatingDocument, { trajectoryId: last });
      setRated((r) => r.slice(0, -1));
      setMessage(
        `Withdrew the rating of ${last.slice(0, 8)}${withdrawRating.restored ? `; your earlier ${fixed(withdrawRating.restored.score, 2)} counts again` : ''}.`,
      );
      reload();
    } catch (e) {
      const err = asApiError(e);
      setMessage(`${err.code}: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };

  // Digits pick the score, Enter rates, u undoes; typing in the comment field is left alone.
  const handlers = useRef({ submit, undo });
  handlers.current = { submit, undo };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (
        event.key === 'Enter' &&
        (typing ? event.target === commentRef.current : !(event.target instanceof HTMLButtonElement))
      ) {
        event.preventDefault();
        void handlers.current.submit();
      } else if (!typing && /^[0-9]$/.test(event.key)) {
        setDigit(Number(event.key));
      } else if (!typing && event.key === 'u') {
        void handlers.current.undo();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <h1>Rating queue</h1>
      <p id="progress" aria-live="polite">
        {queue
          ? `${rated.length} rated this session · ${queue.ratedByYou} rated by you in all · ${queue.unrated} of ${queue.total}${focus ? ` ${words(focus)}` : ''} not rated by anyone`
          : ''}
      </p>
      <p className="controls">
        <label>
          Modality{' '}
          <select id="focus" value={focus} onChange={(ev) => setFocus(ev.target.value)}>
            <ModalityOptions />
          </select>
        </label>
      </p>
      <Status loading={loading && !data} error={error} />
      <p id="rate-message" role="status" aria-live="polite">
        {message}
      </p>
      {queue && !candidate && (
        <p className="empty">Nothing left to rate: you have rated every {focus ? `${words(focus)} ` : ''}trajectory.</p>
      )}
      {candidate && (
        <article className="candidate" aria-labelledby="candidate-title" data-trajectory-id={candidate.trajectory.id}>
          <h2 id="candidate-title">
            {candidate.trajectory.image.topic} · {words(candidate.trajectory.image.modality)} for{' '}
            {words(candidate.trajectory.audience)}
          </h2>
          <p className="reason">Why this one: {candidate.reason}.</p>
          <div className="with-image">
            <Illustration image={candidate.trajectory.image} />
            <div>
              <dl className="tiles">
                <div className="tile">
                  <dt>Rubric</dt>
                  <dd>{fixed(candidate.rubricReward)}</dd>
                </div>
                <div className="tile">
                  <dt>Model</dt>
                  <dd>
                    {fixed(candidate.predictedReward)}
                    {candidate.uncertainty != null && <small> ± {fixed(1.645 * candidate.uncertainty, 2)}</small>}
                  </dd>
                </div>
                <div className="tile">
                  <dt>Image</dt>
                  <dd>
                    {candidate.trajectory.image.format} {candidate.trajectory.image.width}×{candidate.trajectory.image.height}
                  </dd>
                </div>
              </dl>
              <form
                className="rate"
                aria-label="Rate this trajectory"
                onSubmit={(e) => {
                  e.preventDefault();
                  void submit();
                }}
              >
                <fieldset>
                  <legend>Score: press 0 (poor) to 9 (excellent), then Enter</legend>
                  <div className="digits" role="radiogroup" aria-label="Score">
                    {Array.from({ length: 10 }, (_, d) => (
                      <button
                        key={d}
                        type="button"
                        role="radio"
                        aria-checked={digit === d}
                        aria-label={`${d}: score ${fixed(scoreOf(d), 2)}`}
                        className={digit === d ? 'digit selected' : 'digit'}
                        onClick={() => setDigit(d)}
                      >
                        {d}
                      </button>
                    ))}
                  </div>
                </fieldset>
                <label>
                  Comment (optional){' '}
                  <input
                    ref={commentRef}
                    id="comment"
                    type="text"
                    maxLength={2000}
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                  />
                </label>
                <button type="submit" id="rate" disabled={digit === null || busy}>
                  Rate {digit === null ? '' : fixed(scoreOf(digit), 2)}
                </button>
                <button
                  type="button"
                  id="undo"
                  onClick={() => void undo()}
                  disabled={rated.length === 0 || busy}
                  aria-keyshortcuts="u"
                >
                  Undo last rating (u)
                </button>
              </form>
              <section aria-labelledby="rubric-reasons">
                <h2 id="rubric-reasons">The rubric's reasons</h2>
                <ul>
                  {candidate.trajectory.reward?.components.map((c) => (
                    <li key={c.name}>
                      <strong>{words(c.name)}</strong> {fixed(c.score, 2)}: {c.reasons.join('; ')}
                    </li>
                  ))}
                </ul>
              </section>
              <AgentOutputs steps={candidate.trajectory.steps} />
            </div>
          </div>
        </article>
      )}
    </>
  );
}

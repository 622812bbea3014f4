import type { Logger } from '../platform/logger.js';
import type { RewardService } from '../subgraphs/reward/reward-service.js';
import type { TrajectoryCapture } from '../subgraphs/trajectory/trajectory-capture.js';
import type { AssessmentState } from '../domain/assessment/state.js';
import { educatorRating, type EducatorPreference } from './educator-panel.js';
import { generateTrajectories, seededRandom, submissionOf } from './trajectory-generator.js';

/** Who the demo's trajectories say submitted them (recorded as the proven submitter). */
const DEMO_SUBMITTER = { id: 'demo:seed', name: 'demo seed' };

export interface SeedResult {
  trajectories: number;
  ratings: number;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 100;

/**
 * When a week of assessments ran, as a real week goes: busy on weekday working hours (a morning
 * and an afternoon peak), quiet at night, a third as much at the weekend. Hours are drawn in
 * proportion to that rhythm, minutes at random; deterministic for a seed, sorted.
 */
export function weekOfArrivals(count: number, endAt: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const hours = Array.from({ length: 7 * 24 }, (_, k) => {
    const start = endAt - (7 * 24 - k) * HOUR_MS;
    const at = new Date(start);
    const hour = at.getHours() + at.getMinutes() / 60;
    const weekend = at.getDay() === 0 || at.getDay() === 6;
    // Two bumps (10:00 and 15:00) over a floor; nights almost empty.
    const day = 0.05 + Math.exp(-(((hour - 10) / 2.2) ** 2)) + 0.85 * Math.exp(-(((hour - 15) / 2.4) ** 2));
    return { start, weight: day * (weekend ? 0.35 : 1) };
  });
  const total = hours.reduce((s, h) => s + h.weight, 0);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let pick = rand() * total;
    const hour = hours.find((h) => (pick -= h.weight) <= 0) ?? hours[hours.length - 1];
    out.push(Math.min(endAt - 60_000, (hour?.start ?? endAt) + Math.floor(rand() * HOUR_MS)));
  }
  return out.sort((a, b) => a - b);
}

/**
 * Loads demo data as the real app would: through TrajectoryCapture (validated, rewarded),
 * spread over the last 7 days, then educators rate a share of them (a third by default), as
 * `preference` says they judge.
 * `captureAt(clock)` returns a capture whose clock says when a batch arrived.
 */
export async function seedDemoData(options: {
  count: number;
  /** How the simulated educators judge (demo/educator-panel.ts); default: like the rubric. */
  preference?: EducatorPreference;
  /** Share of trajectories that get ratings (default 0.35). */
  ratedShare?: number;
  captureAt: (clock: () => Date) => TrajectoryCapture;
  rewards: RewardService;
  log: Logger;
  seed?: number;
  /** Send each illustration's bytes with it (an SVG that agrees with its figures). */
  images?: boolean;
}): Promise<SeedResult> {
  const now = Date.now();
  const generated = generateTrajectories({
    count: options.count,
    seed: options.seed ?? 7,
    endAt: new Date(now),
    spanMs: 7 * DAY_MS,
    images: options.images ?? false,
    arrivals: weekOfArrivals(options.count, now, (options.seed ?? 7) + 2),
  });
  const ids: string[] = [];
  const states: AssessmentState[] = [];
  // Captured in batches, each trajectory dated just after its assessment ran: the series then
  // shows the week's rhythm, not a few bursts of a hundred.
  const doneAt = (g: (typeof generated)[number]) =>
    Math.max(...g.input.state.steps.map((s) => Date.parse(s.startedAt) + s.durationMs)) + 1000;
  for (let start = 0; start < generated.length; start += BATCH) {
    const slice = generated.slice(start, start + BATCH);
    const arrived = slice.map((g) => new Date(Math.min(now, doneAt(g))));
    const capture = options.captureAt(() => new Date(Math.max(...arrived.map((d) => d.getTime()))));
    const outcomes = await capture.submitMany(slice.map(submissionOf), DEMO_SUBMITTER, undefined, { receivedAt: arrived });
    outcomes.forEach((o, k) => {
      const state = slice[k]?.input.state;
      if (!o.ok || !state) return;
      ids.push(o.trajectory.id);
      states.push(state);
    });
    options.log.info({ stored: ids.length, of: generated.length }, 'seeding demo trajectories');
  }

  const rand = seededRandom((options.seed ?? 7) + 1);
  const rewards = await options.rewards.rewardsFor(ids, null);
  let ratings = 0;
  for (const [i, id] of ids.entries()) {
    if (rand() > (options.ratedShare ?? 0.35)) continue;
    const reward = rewards[i];
    const state = states[i];
    if (!reward || !state) continue;
    const raters = rand() < 0.3 ? 2 : 1;
    for (let k = 0; k < raters; k++) {
      const score = educatorRating(options.preference ?? 'rubric', state, reward, rand);
      const educator = k === 0 ? 'dr.okafor' : 'dr.lindqvist';
      // Each simulated educator is a rater of their own, as an educator's own key would be.
      await options.rewards.rate(
        {
          trajectoryId: id,
          score,
          comment:
            score > 0.75
              ? 'Clear and well labelled.'
              : score > 0.5
                ? 'Usable; labels need work.'
                : 'Not suitable for teaching as is.',
          ratedBy: educator,
        },
        { id: `demo:${educator}`, name: educator },
        undefined,
        // A week of past ratings loaded at once: the per-minute limit is for live callers.
        { perRaterLimit: false },
      );
      ratings++;
    }
  }
  options.log.info({ trajectories: ids.length, ratings }, 'demo data seeded');
  return { trajectories: ids.length, ratings };
}

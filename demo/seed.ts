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
  // Each hour's assessments are captured together, just after the last of them ran: the series
  // then shows the week's rhythm, not a few bursts of a hundred.
  const byHour = new Map<number, typeof generated>();
  for (const g of generated) {
    const hour = Math.floor(Date.parse(g.input.state.steps[0]?.startedAt ?? '') / HOUR_MS);
    byHour.set(hour, [...(byHour.get(hour) ?? []), g]);
  }
  for (const slice of byHour.values()) {
    const lastStep = Math.max(...slice.flatMap((g) => g.input.state.steps.map((s) => Date.parse(s.startedAt) + s.durationMs)));
    const capture = options.captureAt(() => new Date(Math.min(now, lastStep + 1000)));
    const outcomes = await capture.submitMany(slice.map(submissionOf), DEMO_SUBMITTER);
    outcomes.forEach((o, k) => {
      const state = slice[k]?.input.state;
      if (!o.ok || !state) return;
      ids.push(o.trajectory.id);
      states.push(state);
    });
    if (Math.floor(ids.length / 100) > Math.floor((ids.length - slice.length) / 100))
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

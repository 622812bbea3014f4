import { z } from 'zod';

export const TARGET_SOURCES = ['RATING_ELSE_RUBRIC', 'RUBRIC'] as const;
export type TargetSource = (typeof TARGET_SOURCES)[number];

/** Everything a training run can be told; defaults come from the platform config. */
export const TrainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(4096),
  learningRate: z.number().positive().max(1),
  /** Epochs without a better validation loss before stopping early. */
  patience: z.number().int().min(1).max(10_000),
  /** A validation loss counts as better only when it is this share below the best so far. */
  minImprovement: z.number().min(0).max(0.5),
  /** Hard cap on optimizer steps (batches), whatever the epochs say. */
  maxIterations: z.number().int().min(1).max(10_000_000),
  minDatasetSize: z.number().int().min(3).max(10_000_000),
  hiddenUnits: z.array(z.number().int().min(1).max(4096)).min(1).max(8),
  targetSource: z.enum(TARGET_SOURCES),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /** Shares of distinct images in the validation and test splits; the rest trains. */
  validationShare: z.number().min(0.05).max(0.45),
  testShare: z.number().min(0.05).max(0.45),
  /** Within long epochs, at most one progress event per this many milliseconds. */
  progressIntervalMs: z.number().int().min(50).max(60_000),
  /** Aliases to move to the new version if it passes the promotion gate (in this order). */
  promoteTo: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'alias names are lower-case letters, digits, - and _')).max(5),
});

export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;

/** Resolve a caller's partial config over the defaults; throws ZodError naming each bad field. */
export function resolveTrainingConfig(
  defaults: TrainingConfig,
  overrides: Partial<Record<keyof TrainingConfig, unknown>>,
): TrainingConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined && v !== null));
  return TrainingConfigSchema.parse({ ...defaults, ...defined });
}

import type { Evaluation } from '../evaluator.js';
import { FEATURE_DIM, FEATURE_LAYOUT } from '../featurizer.js';
import type { DatasetSummary, TrainingSummary } from '../../../domain/model/model-records.js';
import type { TrainingConfig } from '../../../domain/model/training-config.js';

export interface ModelCardInput {
  version: number | null;
  createdBy: string;
  createdAt: Date;
  backend: string;
  parameterCount: number;
  config: TrainingConfig;
  /** Set when the run was a trial of a hyperparameter search (its lineage). */
  searchId?: string | null;
  dataset: DatasetSummary;
  training: Omit<TrainingSummary, 'samplesPerSecond' | 'bestValidationLoss'>;
  evaluation: Evaluation;
  /** The educator correction, if the version has one, and its measured interval coverage. */
  correction?: {
    ratedTrain: number;
    ratedValidation: number;
    scale: number;
    coverage: { coverage: number; rated: number } | null;
    /** Quality on rated held-out trajectories against the number of ratings fitted on (0: the network alone). */
    curve: { ratings: number; mae: number; within: number }[];
  } | null;
}

const f = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);

/**
 * What every version's card says of how it is served and watched. The metric and alert names
 * here are checked against the Model service's metrics and the alert rules (test/contract).
 */
export const SERVING_NOTES: readonly string[] = [
  '- Each prediction (`predictReward`, `Trajectory.predictedReward`) carries an `explanation`: the reward points each feature group and each rubric component adds, with an "everything else" row (clipping, rounding) so the parts add up to the prediction, shown beside the rubric\'s reasons.',
  `- A modality outside the built-in codes, or topic words no rated training trajectory used, is accepted and predicted with a larger uncertainty until educators rate such images; continuous learning then retrains.`,
  '- While this version serves production, its agreement with ratings that arrive after it was made (`mi_model_live_agreement`, `mi_model_live_ratings`) and the population stability of new inputs against its training set per feature group (`mi_model_input_psi`) are measured; the alerts `ProductionModelLiveAgreementLow` and `ModelInputDrift` fire on them, and continuous learning retrains on drift.',
  '- `npm run model -- export <version> <dir>` writes it as a TensorFlow.js model (`model.json` and weights) with this card, its featurizer version and its educator correction; `npm run model -- import <dir>` registers such a directory as a new version.',
];

/** The model card stored with every version: what it is for, what it saw, how it did, where it fails. */
export function renderModelCard(m: ModelCardInput): string {
  const e = m.evaluation;
  const base = e.rubricBaseline;
  const r = e.ratedTest ?? null;
  const layers = [FEATURE_DIM, ...m.config.hiddenUnits, 1].join(' → ');
  const lines = [
    `# Reward model${m.version === null ? '' : ` v${m.version}`}`,
    '',
    `Trained ${m.createdAt.toISOString()} by ${m.createdBy} on the \`${m.backend}\` TensorFlow.js backend.`,
    '',
    '## Intended use',
    '',
    "Predicts the teaching-quality reward (0–1) of an assessed medical illustration from the assessment agents' findings, so illustrations can be ranked and triaged before an educator sees them. It learns from educator ratings where they exist and the weighted rubric elsewhere.",
    '',
    'Not for: judging clinical correctness, grading people, or any decision without an educator in the loop.',
    '',
    '## Model',
    '',
    `- Network: ${layers}, ReLU, linear output clipped to [0, 1]; MSE loss; Adam (learning rate ${m.config.learningRate}).`,
    `- Parameters: ${m.parameterCount.toLocaleString('en-US')}.`,
    `- Training: batch ${m.config.batchSize}, up to ${m.config.epochs} epochs / ${m.config.maxIterations} iterations, early stopping after ${m.config.patience} epochs without a better validation loss (best weights kept); seed ${m.config.seed}.`,
    ...(m.searchId
      ? [
          `- A trial of hyperparameter search \`${m.searchId}\` (learning rate ${m.config.learningRate}, batch ${m.config.batchSize}, hidden ${m.config.hiddenUnits.join('-')}); the search's \`best\` names the trial with the lowest validation loss.`,
        ]
      : []),
    `- Stopped: ${m.training.stopReason.toLowerCase().replace('_', ' ')} after ${m.training.epochs} epochs (${m.training.iterations} iterations, ${f(m.training.trainSeconds, 1)} s); best epoch ${m.training.bestEpoch} (iteration ${m.training.bestIteration}).`,
    '',
    ...(m.correction
      ? [
          `- Educator correction: a Bayesian ridge regression over the rubric (120 coefficients: the summary features, the rubric's components per audience, the network's departure from the rubric, how new the modality and the topic are, and shortfalls of the score-like features), fitted on ${m.correction.ratedTrain} rated training trajectories and calibrated on ${m.correction.ratedValidation} rated validation ones (scale ${f(m.correction.scale, 2)}). The reward is the default rubric's plus this correction; its predictive standard deviation is the prediction's \`uncertainty\`.`,
          `- Stated 90% interval (value ± 1.645 × uncertainty): ${m.correction.coverage ? `${f(m.correction.coverage.coverage)} of ${m.correction.coverage.rated} rated test trajectories inside` : 'no rated test trajectories to measure it on'}.`,
        ]
      : ['- No educator correction (too few ratings, or trained on the rubric only): predictions carry no uncertainty.']),
    ...(m.correction?.curve.length
      ? [
          '',
          '### Learning curve',
          '',
          'Quality on the rated held-out trajectories (validation and test) against the number of ratings the correction was fitted on (0: the network alone):',
          '',
          '| ratings | MAE | within ±0.1 |',
          '|---|---|---|',
          ...m.correction.curve.map((p) => `| ${p.ratings} | ${f(p.mae)} | ${f(p.within)} |`),
        ]
      : []),
    '',
    '## Data',
    '',
    `- ${m.dataset.size} VALID trajectories (duplicates and low-quality ones excluded) of ${m.dataset.distinctImages} distinct images; dataset digest \`${m.dataset.digest.slice(0, 16)}…\`.`,
    `- Target: ${m.dataset.targetSource === 'RATING_ELSE_RUBRIC' ? 'mean educator rating where one exists, else the rubric reward' : 'the rubric reward'} (rubric v${m.dataset.rubricVersion}): ${m.dataset.targetsFromRatings} from ratings, ${m.dataset.targetsFromRubric} from the rubric.`,
    `- Split by image hash (an image is never on two sides): train ${m.dataset.split.train}, validation ${m.dataset.split.validation}, test ${m.dataset.split.test}.`,
    `- Features: ${m.dataset.featurizerVersion}, ${FEATURE_DIM} dimensions (below).`,
    '',
    '## Metrics (held-out test split)',
    '',
    `Targets: ${m.dataset.targetsFromRatings} educator ratings and ${m.dataset.targetsFromRubric} rubric fallbacks in the whole dataset. Where the target is the rubric's own score, "beating the rubric" would measure the rubric against itself, so model and rubric are compared on the rated test trajectories only (the last two columns).`,
    '',
    '| metric | model, all test | model, rated test | rubric, rated test |',
    '|---|---|---|---|',
    `| samples | ${e.count} | ${r?.count ?? '—'} | ${base?.count ?? '—'} |`,
    `| MAE | ${f(e.mae)} | ${f(r?.mae)} | ${f(base?.mae)} |`,
    `| RMSE | ${f(e.rmse)} | ${f(r?.rmse)} | ${f(base?.rmse)} |`,
    `| R² | ${f(e.r2)} | ${f(r?.r2)} | ${f(base?.r2)} |`,
    `| Spearman | ${f(e.spearman)} | ${f(r?.spearman)} | ${f(base?.spearman)} |`,
    `| pairwise accuracy (pairs > 0.05 apart) | ${f(e.pairwiseAccuracy)} | ${f(r?.pairwiseAccuracy)} | ${f(base?.pairwiseAccuracy)} |`,
    `| within ±0.1 | ${f(e.accuracyWithin)} | ${f(r?.accuracyWithin)} | ${f(base?.accuracyWithin)} |`,
    '',
    base
      ? 'The last two columns score the model and the rubric alone on the same rated test trajectories against their educator ratings: where the model beats the rubric there, learning from ratings paid off.'
      : 'No test trajectory has an educator rating, so there is no fair comparison with the rubric.',
    '',
    '### By audience',
    '',
    '| audience | n | MAE | within ±0.1 |',
    '|---|---|---|---|',
    ...Object.entries(e.perAudience).map(([a, r]) => `| ${a} | ${r.count} | ${f(r.mae)} | ${f(r.accuracyWithin)} |`),
    '',
    '### Calibration',
    '',
    '| predicted | n | mean prediction | mean target |',
    '|---|---|---|---|',
    ...e.calibration
      .filter((b) => b.count > 0)
      .map((b) => `| ${f(b.from, 1)}–${f(b.to, 1)} | ${b.count} | ${f(b.meanPrediction)} | ${f(b.meanTarget)} |`),
    '',
    '## Serving and monitoring',
    '',
    ...SERVING_NOTES,
    '',
    '## Limits',
    '',
    '- It has only seen what the assessment agents report; an illustration the agents misread is mis-scored the same way.',
    `- Small test splits (${m.dataset.split.test} here) make every metric above uncertain by several points.`,
    '- Terms, verbs and topics are feature-hashed into fixed buckets; rare words share buckets with others.',
    '- Audiences or modalities with few examples (see the table) are predicted less reliably.',
    '- Ratings come from a few educators; their habits are in the target.',
    '',
    '## Features',
    '',
    renderFeatureTable(),
    '',
  ];
  return lines.join('\n');
}

/** The featurizer, dimension by dimension (in every model card and in docs/model.md). */
export function renderFeatureTable(): string {
  return [
    '| dims | name | description |',
    '|---|---|---|',
    ...FEATURE_LAYOUT.map((l) => `| ${l.from}–${l.to} | ${l.name} | ${l.description} |`),
  ].join('\n');
}

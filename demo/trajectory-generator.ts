import { createHash } from 'node:crypto';
import {
  BLOOM_LEVELS,
  LEARNER_LEVELS,
  type AssessmentState,
  type BloomLevel,
  type LearnerLevel,
} from '../domain/assessment/state.js';
import type { SubmissionInput } from '../subgraphs/trajectory/trajectory-validator.js';
import { seededRandom } from '../platform/seeded-random.js';
import { illustrationSvg } from './illustration-svg.js';

export { seededRandom };

interface Topic {
  topic: string;
  modality: AssessmentState['image']['modality'];
  terms: [string, NonNullable<AssessmentState['medicalTerms']>['terms'][number]['category']][];
}

const TOPICS: Topic[] = [
  {
    topic: 'Cardiac conduction system',
    modality: 'ILLUSTRATION',
    terms: [
      ['sinoatrial node', 'ANATOMY'],
      ['atrioventricular node', 'ANATOMY'],
      ['bundle of His', 'ANATOMY'],
      ['Purkinje fibres', 'ANATOMY'],
      ['left bundle branch', 'ANATOMY'],
      ['right bundle branch', 'ANATOMY'],
      ['depolarisation', 'PHYSIOLOGY'],
      ['P wave', 'DIAGNOSTIC'],
      ['QRS complex', 'DIAGNOSTIC'],
      ['T wave', 'DIAGNOSTIC'],
      ['AV block', 'PATHOLOGY'],
      ['atrial fibrillation', 'PATHOLOGY'],
      ['interatrial septum', 'ANATOMY'],
      ['refractory period', 'PHYSIOLOGY'],
      ['amiodarone', 'PHARMACOLOGY'],
      ['pacemaker', 'PROCEDURE'],
    ],
  },
  {
    topic: 'Nephron and urine formation',
    modality: 'DIAGRAM',
    terms: [
      ['glomerulus', 'ANATOMY'],
      ["Bowman's capsule", 'ANATOMY'],
      ['proximal convoluted tubule', 'ANATOMY'],
      ['loop of Henle', 'ANATOMY'],
      ['distal convoluted tubule', 'ANATOMY'],
      ['collecting duct', 'ANATOMY'],
      ['filtration', 'PHYSIOLOGY'],
      ['reabsorption', 'PHYSIOLOGY'],
      ['secretion', 'PHYSIOLOGY'],
      ['afferent arteriole', 'ANATOMY'],
      ['efferent arteriole', 'ANATOMY'],
      ['furosemide', 'PHARMACOLOGY'],
      ['acute tubular necrosis', 'PATHOLOGY'],
      ['GFR', 'DIAGNOSTIC'],
      ['juxtaglomerular apparatus', 'ANATOMY'],
      ['aldosterone', 'PHYSIOLOGY'],
    ],
  },
  {
    topic: 'Brachial plexus',
    modality: 'ILLUSTRATION',
    terms: [
      ['roots C5–T1', 'ANATOMY'],
      ['upper trunk', 'ANATOMY'],
      ['middle trunk', 'ANATOMY'],
      ['lower trunk', 'ANATOMY'],
      ['lateral cord', 'ANATOMY'],
      ['posterior cord', 'ANATOMY'],
      ['medial cord', 'ANATOMY'],
      ['musculocutaneous nerve', 'ANATOMY'],
      ['median nerve', 'ANATOMY'],
      ['ulnar nerve', 'ANATOMY'],
      ['radial nerve', 'ANATOMY'],
      ['axillary nerve', 'ANATOMY'],
      ["Erb's palsy", 'PATHOLOGY'],
      ['Klumpke palsy', 'PATHOLOGY'],
      ['nerve conduction study', 'DIAGNOSTIC'],
    ],
  },
  {
    topic: 'Chest radiograph: lobar pneumonia',
    modality: 'XRAY',
    terms: [
      ['consolidation', 'PATHOLOGY'],
      ['air bronchogram', 'DIAGNOSTIC'],
      ['right middle lobe', 'ANATOMY'],
      ['horizontal fissure', 'ANATOMY'],
      ['costophrenic angle', 'ANATOMY'],
      ['silhouette sign', 'DIAGNOSTIC'],
      ['hilum', 'ANATOMY'],
      ['trachea', 'ANATOMY'],
      ['pleural effusion', 'PATHOLOGY'],
      ['amoxicillin', 'PHARMACOLOGY'],
      ['diaphragm', 'ANATOMY'],
      ['cardiothoracic ratio', 'DIAGNOSTIC'],
    ],
  },
  {
    topic: 'Glomerulonephritis histology',
    modality: 'HISTOLOGY',
    terms: [
      ['crescent', 'PATHOLOGY'],
      ['mesangial proliferation', 'PATHOLOGY'],
      ['basement membrane', 'ANATOMY'],
      ['podocyte', 'ANATOMY'],
      ['immune complex deposition', 'PATHOLOGY'],
      ['PAS stain', 'DIAGNOSTIC'],
      ['endothelial cell', 'ANATOMY'],
      ['Bowman space', 'ANATOMY'],
      ['fibrinoid necrosis', 'PATHOLOGY'],
      ['corticosteroids', 'PHARMACOLOGY'],
    ],
  },
  {
    topic: 'Knee MRI: ACL tear',
    modality: 'MRI',
    terms: [
      ['anterior cruciate ligament', 'ANATOMY'],
      ['posterior cruciate ligament', 'ANATOMY'],
      ['medial meniscus', 'ANATOMY'],
      ['lateral meniscus', 'ANATOMY'],
      ['bone bruise', 'PATHOLOGY'],
      ['joint effusion', 'PATHOLOGY'],
      ['T2-weighted', 'DIAGNOSTIC'],
      ['femoral condyle', 'ANATOMY'],
      ['tibial plateau', 'ANATOMY'],
      ['Segond fracture', 'PATHOLOGY'],
      ['ACL reconstruction', 'PROCEDURE'],
    ],
  },
  {
    topic: 'Insulin signalling and diabetes',
    modality: 'DIAGRAM',
    terms: [
      ['insulin receptor', 'PHYSIOLOGY'],
      ['GLUT4', 'PHYSIOLOGY'],
      ['beta cell', 'ANATOMY'],
      ['glycogen synthesis', 'PHYSIOLOGY'],
      ['insulin resistance', 'PATHOLOGY'],
      ['HbA1c', 'DIAGNOSTIC'],
      ['metformin', 'PHARMACOLOGY'],
      ['gluconeogenesis', 'PHYSIOLOGY'],
      ['ketoacidosis', 'PATHOLOGY'],
      ['islets of Langerhans', 'ANATOMY'],
      ['SGLT2 inhibitor', 'PHARMACOLOGY'],
    ],
  },
  {
    topic: 'Abdominal ultrasound: gallstones',
    modality: 'ULTRASOUND',
    terms: [
      ['gallbladder', 'ANATOMY'],
      ['acoustic shadowing', 'DIAGNOSTIC'],
      ['common bile duct', 'ANATOMY'],
      ['cholelithiasis', 'PATHOLOGY'],
      ['cholecystitis', 'PATHOLOGY'],
      ['liver', 'ANATOMY'],
      ['Murphy sign', 'DIAGNOSTIC'],
      ['cholecystectomy', 'PROCEDURE'],
      ['wall thickening', 'PATHOLOGY'],
    ],
  },
];

const VERBS_BY_LEVEL: Record<BloomLevel, string[]> = {
  REMEMBER: ['label', 'identify', 'name', 'locate'],
  UNDERSTAND: ['describe', 'explain', 'trace', 'summarize'],
  APPLY: ['apply', 'calculate', 'demonstrate', 'use'],
  ANALYZE: ['compare', 'differentiate', 'relate', 'distinguish'],
  EVALUATE: ['assess', 'justify', 'prioritize', 'diagnose'],
  CREATE: ['design', 'plan', 'propose', 'formulate'],
};

const BAND: Record<LearnerLevel, [number, number]> = {
  PATIENT: [0, 1],
  UNDERGRADUATE: [1, 2],
  MEDICAL_STUDENT: [2, 3],
  RESIDENT: [3, 4],
  SPECIALIST: [4, 5],
};
const INTRINSIC: Record<LearnerLevel, number> = {
  PATIENT: 0.3,
  UNDERGRADUATE: 0.45,
  MEDICAL_STUDENT: 0.6,
  RESIDENT: 0.7,
  SPECIALIST: 0.8,
};
const TERM_TARGET: Record<LearnerLevel, number> = {
  PATIENT: 4,
  UNDERGRADUATE: 8,
  MEDICAL_STUDENT: 12,
  RESIDENT: 14,
  SPECIALIST: 16,
};

export type QualityTier = 'good' | 'mediocre' | 'bad';

export interface GeneratedTrajectory {
  tier: QualityTier;
  input: SubmissionInput & { state: AssessmentState };
  /** With `images`: the illustration itself (an SVG whose sha256 the state declares). */
  svg?: string;
}

/** What an app submits for a generated trajectory: its state, with the image's bytes when there are any. */
export function submissionOf(g: GeneratedTrajectory): SubmissionInput {
  if (!g.svg) return g.input;
  const content = { base64: Buffer.from(g.svg).toString('base64') };
  return { ...g.input, state: { ...g.input.state, image: { ...g.input.state.image, content } } };
}

/**
 * Realistic assessment trajectories: a topic, an audience, four agents in order and their
 * findings, drawn so that good, mediocre and bad illustrations differ the way the rubric
 * says they should (and educators would). Deterministic for a seed.
 */
export function generateTrajectories(options: {
  count: number;
  seed?: number;
  endAt?: Date;
  spanMs?: number;
  idPrefix?: string;
  /** Draw each illustration as an SVG that agrees with its figures (demo/illustration-svg.ts). */
  images?: boolean;
  /** When each assessment ran (epoch ms, one per trajectory); default: evenly over `spanMs` before `endAt`. */
  arrivals?: readonly number[];
}): GeneratedTrajectory[] {
  const rand = seededRandom(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const clamp = (x: number) => Math.min(1, Math.max(0, Math.round(x * 1000) / 1000));
  const endAt = (options.endAt ?? new Date()).getTime();
  const span = options.spanMs ?? 0;
  const out: GeneratedTrajectory[] = [];

  for (let i = 0; i < options.count; i++) {
    const r = rand();
    const tier: QualityTier = r < 0.55 ? 'good' : r < 0.85 ? 'mediocre' : 'bad';
    const q = tier === 'good' ? between(0.8, 1) : tier === 'mediocre' ? between(0.45, 0.75) : between(0.05, 0.4);
    const topic = pick(TOPICS);
    const audience = pick(LEARNER_LEVELS);
    const [lo, hi] = BAND[audience];
    const levelOffset = tier === 'good' ? 0 : tier === 'mediocre' ? pick([-1, 0, 1]) : pick([-3, -2, 2, 3]);
    const levelIdx = Math.min(5, Math.max(0, (rand() < 0.5 ? lo : hi) + levelOffset));
    const observedLevel = BLOOM_LEVELS[levelIdx] as BloomLevel;

    const target = TERM_TARGET[audience];
    const termCount = Math.max(1, Math.min(topic.terms.length, Math.round(target * between(0.5, 1.2) * (0.5 + q / 2))));
    const shuffled = [...topic.terms].sort(() => rand() - 0.5).slice(0, termCount);
    const terms = shuffled.map(([term, category]) => ({
      term,
      category,
      confidence: clamp(between(0.55, 1) * (0.6 + 0.4 * q)),
      labelled: rand() < 0.3 + 0.65 * q,
    }));
    const labelled = terms.filter((t) => t.labelled).length;
    const labelCount = labelled + Math.floor(between(0, 4));
    const elementCount = labelCount + Math.floor(between(2, 8) * (tier === 'bad' ? 3 : 1));

    const side = pick(tier === 'bad' ? [320, 480, 640, 800] : [1024, 1536, 2048, 3000]);
    const at = options.arrivals?.[i] ?? endAt - span * (1 - i / Math.max(1, options.count)) - 60_000;
    const agentFails = tier === 'bad' && rand() < 0.35;
    const durations = [between(800, 2500), between(500, 1500), between(400, 1200), between(1200, 3000)].map(Math.round);
    const agents = ['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis'] as const;
    const failing = agentFails ? pick(agents) : null;
    let t = at;
    const steps = agents.map((agent, k) => {
      const started = new Date(t).toISOString();
      t += (durations[k] ?? 1000) + Math.round(between(10, 80));
      const failed = agent === failing;
      return {
        agent,
        startedAt: started,
        durationMs: durations[k] ?? 1000,
        status: failed ? ('FAILED' as const) : ('SUCCEEDED' as const),
        confidence: failed ? null : clamp(between(0.6, 0.98) * (0.7 + 0.3 * q)),
        outputSummary: failed ? null : `${agent} finished`,
        error: failed ? 'upstream model timeout after 3 retries' : null,
      };
    });

    const state: AssessmentState = {
      image: {
        sha256: createHash('sha256')
          .update(`${options.seed ?? 42}:${options.idPrefix ?? ''}:${i}:${topic.topic}`)
          .digest('hex'),
        width: Math.round(side * between(1, 1.5)),
        height: side,
        format: pick(['PNG', 'PNG', 'JPEG', 'SVG'] as const),
        topic: topic.topic,
        modality: topic.modality,
      },
      audience,
      steps,
      medicalTerms: failing === 'medical_terms' ? null : { terms, expectedTermCount: rand() < 0.5 ? target : null },
      bloom:
        failing === 'blooms_taxonomy'
          ? null
          : {
              observedLevel,
              actionVerbs: [...VERBS_BY_LEVEL[observedLevel]].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(between(1, 3))),
              targetObjectives: tier === 'bad' && rand() < 0.5 ? [] : [`Understand ${topic.topic.toLowerCase()}`],
            },
      cognitiveLoad:
        failing === 'cognitive_load'
          ? null
          : {
              elementCount,
              labelCount,
              textDensity: clamp(tier === 'bad' ? between(0.3, 0.7) : between(0.05, 0.3)),
              intrinsic: clamp(INTRINSIC[audience] + between(-0.1, 0.1) + (tier === 'good' ? 0 : between(-0.3, 0.3))),
              extraneous: clamp(1 - q + between(-0.1, 0.1)),
              germane: clamp(q + between(-0.15, 0.1)),
            },
      visual:
        failing === 'visual_analysis'
          ? null
          : {
              contrast: clamp(q + between(-0.15, 0.1)),
              sharpness: clamp(q + between(-0.1, 0.1)),
              colorBalance: clamp(between(0.5, 1) * (0.6 + 0.4 * q)),
              labelLegibility: clamp(q + between(-0.2, 0.05)),
            },
    };
    let svg: string | undefined;
    if (options.images) {
      // Drawn from its own seed, so the trajectories' random draws are the same with or without images.
      state.image.format = 'SVG';
      svg = illustrationSvg(state, (options.seed ?? 42) * 100_003 + i);
      state.image.sha256 = createHash('sha256').update(svg).digest('hex');
    }
    out.push({
      tier,
      ...(svg ? { svg } : {}),
      input: {
        idempotencyKey: `${options.idPrefix ?? 'demo'}-${options.seed ?? 42}-${i}`,
        state,
        submittedBy: pick(['assessment-app', 'assessment-app', 'batch-importer', 'dr.okafor', 'dr.lindqvist']),
        metadata: { generator: 'demo', tier, appVersion: '1.4.2' },
      },
    });
  }
  return out;
}

import { z } from 'zod';
import type { EncryptionSettings, KeyEncryptionKey } from '../db/encryption/field-keyring.js';
import { SUBGRAPHS, type SubgraphName } from './subgraph-catalog.js';
import type { TracingSettings } from './tracing.js';
import type { CorsPolicy } from './cors.js';
import { ROLES } from './security/roles.js';
import { fromRoot } from './paths.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Optional secret; an empty value (e.g. `${VAR:-}` in compose) means unset. */
const secret = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().min(32, 'must have at least 32 characters').optional());

/** A comma-separated list, each item checked. */
const list = (valid: (item: string) => boolean, what: string) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((items) => items.every(valid), `a comma-separated list of ${what}`);

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

/**
 * Every setting the platform reads, with a default that works on the embedded stack.
 * Keep this list and the README's configuration table in step (a test checks it).
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port(4000),
  TRAJECTORY_PORT: port(SUBGRAPHS.trajectory.defaultPort),
  REWARD_PORT: port(SUBGRAPHS.reward.defaultPort),
  METRICS_PORT: port(SUBGRAPHS.metrics.defaultPort),
  ACCESS_PORT: port(SUBGRAPHS.access.defaultPort),
  MODEL_PORT: port(SUBGRAPHS.model.defaultPort),
  TRAJECTORY_URL: optionalUrl,
  REWARD_URL: optionalUrl,
  METRICS_URL: optionalUrl,
  ACCESS_URL: optionalUrl,
  MODEL_URL: optionalUrl,
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().default('./.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO: bool(true),
  DEMO_TRAJECTORIES: z.coerce.number().int().min(0).max(100_000).default(800),
  DEMO_EDUCATOR_PREFERENCE: z.enum(['rubric', 'panel']).default('panel'),
  DEMO_RATED_SHARE: z.coerce.number().min(0).max(1).default(0.35),
  DEMO_IMAGES: bool(true),
  TRAIN_ON_START: bool(true),
  TF_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  TRAINING_EPOCHS: z.coerce.number().int().min(1).max(10_000).default(300),
  TRAINING_BATCH_SIZE: z.coerce.number().int().min(1).max(4096).default(32),
  TRAINING_LEARNING_RATE: z.coerce.number().positive().max(1).default(0.001),
  TRAINING_PATIENCE: z.coerce.number().int().min(1).default(20),
  TRAINING_MIN_IMPROVEMENT: z.coerce.number().min(0).max(0.5).default(0.01),
  TRAINING_MAX_ITERATIONS: z.coerce.number().int().min(1).default(5000),
  TRAINING_MIN_DATASET: z.coerce.number().int().min(3).default(50),
  TRAINING_HIDDEN_UNITS: z
    .string()
    .default('256,128,64')
    .refine((v) => v.split(',').every((u) => /^[1-9]\d{0,3}$/.test(u)), 'comma-separated layer sizes, e.g. 256,128,64'),
  TRAINING_TARGET: z.enum(['RATING_ELSE_RUBRIC', 'RUBRIC']).default('RATING_ELSE_RUBRIC'),
  TRAINING_SEED: z.coerce.number().int().min(0).default(42),
  TRAINING_PROGRESS_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  TRAINING_NICE: z.coerce.number().int().min(0).max(19).default(10),
  TRAINING_CONCURRENCY: z.coerce.number().int().min(0).max(8).default(1),
  TRAINING_POLL_INTERVAL_MS: z.coerce.number().int().min(500).default(1000),
  TRAINING_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  TRAINING_MAX_RUN_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(4 * 3600),
  RETRAIN_AFTER_TRAJECTORIES: z.coerce.number().int().min(0).default(0),
  RETRAIN_AFTER_RATINGS: z.coerce.number().int().min(0).default(0),
  RETRAIN_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  DRIFT_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  DRIFT_MIN_RATINGS: z.coerce.number().int().min(1).default(30),
  DRIFT_WITHIN_BELOW: z.coerce.number().min(0).max(1).default(0.8),
  DRIFT_PSI_ABOVE: z.coerce.number().positive().default(0.25),
  RETRAIN_ON_DRIFT: bool(false),
  MODEL_WEIGHT_STORE: z.enum(['postgres', 'filesystem']).default('postgres'),
  MODEL_WEIGHT_DIR: z.string().optional(),
  AUTO_PROMOTE: z
    .string()
    .default('staging')
    .refine(
      (v) => v === '' || v.split(',').every((a) => /^[a-z][a-z0-9_-]{0,39}$/.test(a)),
      'comma-separated aliases, e.g. staging,production',
    ),
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  IMAGE_STORE: z.enum(['filesystem', 's3']).default('filesystem'),
  /** Default: DATA_DIR/images. */
  IMAGE_DIR: z.string().optional(),
  IMAGE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  IMAGE_FETCH_ORIGINS: list((o) => {
    try {
      const u = new URL(o);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o;
    } catch {
      return false;
    }
  }, 'origins (scheme://host[:port], no path), e.g. https://images.example.org'),
  IMAGE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('medillustrator-images'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool(true),
  QUALITY_FLAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  TRAJECTORY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  RETENTION_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** `id:base64-of-32-bytes` pairs, comma-separated (db/encryption/field-keyring.ts); empty: no encryption at rest. */
  ENCRYPTION_KEYS: z
    .string()
    .default('')
    .transform((v, ctx) => parseEncryptionKeys(v, ctx)),
  ENCRYPTION_ACTIVE_KEY: z.string().optional(),
  /** Cron (pg-boss schedules); empty: that report is not scheduled. */
  /** JSON: [{ issuer, jwksUrl, audience, roleClaim?, roleMap?, nameClaim? }] (gateway/oidc.ts); empty: API keys only. */
  OIDC_ISSUERS: z
    .string()
    .default('')
    .transform((v, ctx) => parseOidcIssuers(v, ctx)),
  OIDC_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).default('allow'),
  TRUSTED_DOCUMENTS_MANIFEST: z.string().default(''),
  TRUSTED_DOCUMENTS_ADMINS_EXEMPT: bool(true),
  CORS_ORIGINS: list(
    (v) => /^https?:\/\/[^/\s]+$/.test(v),
    'origins like https://console.example.org (scheme, host, port; no path)',
  ),
  CORS_ALLOW_CREDENTIALS: bool(false),
  CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** OTLP/HTTP endpoint for traces (e.g. http://jaeger:4318); unset: tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  TRACING_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  REPORT_DAILY_CRON: z.string().trim().default('0 6 * * *'),
  REPORT_WEEKLY_CRON: z.string().trim().default('0 6 * * 1'),
  REPORT_TIMEZONE: z.string().trim().default('UTC'),
  REPORT_CRON_CHECK_SECONDS: z.coerce.number().int().min(1).max(45).default(30),
  REPORT_WEBHOOK_URLS: list((v) => /^https?:\/\/[^\s]+$/.test(v), 'http(s) URLs'),
  REPORT_EMAIL_TO: list((v) => /^[^\s@,]+@[^\s@,]+$/.test(v), 'e-mail addresses'),
  REPORT_EMAIL_FROM: z.string().trim().default('MedIllustrator reports <reports@medillustrator.local>'),
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, 'smtp://[user:pass@]host[:port] or smtps://…')
        .optional(),
    ),
  REPORT_DELIVERY_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  REPORT_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  REPORT_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  ENCRYPT_MODEL_WEIGHTS: bool(false),
  RATINGS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  GROUP_COMMIT_MAX_ITEMS: z.coerce.number().int().min(1).max(1000).default(100),
  GROUP_COMMIT_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(2),
  REQUIRED_AGENTS: z.string().default('medical_terms,blooms_taxonomy,cognitive_load,visual_analysis'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  ADMIN_API_KEY: secret,
  IDENTITY_SECRET: secret,
  IDENTITY_SECRET_PREVIOUS: secret,
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
  REDIS_URL: optionalUrl,
  /** A CA file for `rediss://` (a private CA); unset: the system's CAs. */
  REDIS_CA_FILE: z.string().min(1).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  SUBGRAPH_TLS_CERT_FILE: z.string().min(1).optional(),
  SUBGRAPH_TLS_KEY_FILE: z.string().min(1).optional(),
  SUBGRAPH_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  SUBGRAPH_CA_FILE: z.string().min(1).optional(),
  SUBGRAPH_CLIENT_CERT_FILE: z.string().min(1).optional(),
  SUBGRAPH_CLIENT_KEY_FILE: z.string().min(1).optional(),
  RATE_LIMIT_VIEWER: z.coerce.number().int().min(1).default(12_000),
  RATE_LIMIT_ANNOTATOR: z.coerce.number().int().min(1).default(12_000),
  RATE_LIMIT_ML_ENGINEER: z.coerce.number().int().min(1).default(12_000),
  RATE_LIMIT_ADMIN: z.coerce.number().int().min(1).default(24_000),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).default(60),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_TOKENS: z.coerce.number().int().min(100).default(3000),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(20000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  SUBGRAPH_QUERY_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  SUBGRAPH_DEDUPLICATE_QUERIES: bool(true),
  CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  CORE_SUBGRAPHS: z
    .string()
    .default('trajectory,reward,access')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['trajectory', 'reward', 'metrics', 'access', 'model']))),
  WS_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1000),
  WS_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).default(20),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(10),
  WS_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(20),
  WS_PING_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
});

export type Env = z.input<typeof EnvSchema>;
export const CONFIG_KEYS = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

const OidcIssuerSchema = z.object({
  issuer: z.string().url(),
  jwksUrl: z.string().url(),
  audience: z.string().min(1),
  roleClaim: z.string().min(1).default('role'),
  roleMap: z.record(z.string(), z.enum(ROLES)).default({}),
  nameClaim: z.string().min(1).default('name'),
});

function parseOidcIssuers(value: string, ctx: z.RefinementCtx): z.infer<typeof OidcIssuerSchema>[] {
  if (value.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: [{"issuer": …, "jwksUrl": …, "audience": …}]' });
    return [];
  }
  const parsed = z.array(OidcIssuerSchema).safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    return [];
  }
  return parsed.data;
}

function parseEncryptionKeys(value: string, ctx: z.RefinementCtx): KeyEncryptionKey[] {
  const keys: KeyEncryptionKey[] = [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [n, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: `each entry is id:key, the id 1..32 of [A-Za-z0-9_-], the key 32 bytes in base64 (openssl rand -base64 32); entry ${n + 1} is not`,
      });
    } else if (keys.some((k) => k.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id ${id} appears twice` });
    } else keys.push({ id, key });
  }
  return keys;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.refine((e) => Boolean(e.TLS_CERT_FILE) === Boolean(e.TLS_KEY_FILE), {
    message: 'set both TLS_CERT_FILE and TLS_KEY_FILE, or neither',
    path: ['TLS_CERT_FILE'],
  })
    .refine((e) => Boolean(e.SUBGRAPH_TLS_CERT_FILE) === Boolean(e.SUBGRAPH_TLS_KEY_FILE), {
      message: 'set both SUBGRAPH_TLS_CERT_FILE and SUBGRAPH_TLS_KEY_FILE, or neither',
      path: ['SUBGRAPH_TLS_CERT_FILE'],
    })
    .refine((e) => Boolean(e.SUBGRAPH_CLIENT_CERT_FILE) === Boolean(e.SUBGRAPH_CLIENT_KEY_FILE), {
      message: 'set both SUBGRAPH_CLIENT_CERT_FILE and SUBGRAPH_CLIENT_KEY_FILE, or neither',
      path: ['SUBGRAPH_CLIENT_CERT_FILE'],
    })
    .refine((e) => !e.ENCRYPTION_ACTIVE_KEY || e.ENCRYPTION_KEYS.some((k) => k.id === e.ENCRYPTION_ACTIVE_KEY), {
      message: 'names no key of ENCRYPTION_KEYS',
      path: ['ENCRYPTION_ACTIVE_KEY'],
    })
    .refine((e) => e.REPORT_EMAIL_TO.length === 0 || Boolean(e.SMTP_URL), {
      message: 'needs SMTP_URL',
      path: ['REPORT_EMAIL_TO'],
    })
    .refine((e) => !e.ENCRYPT_MODEL_WEIGHTS || e.ENCRYPTION_KEYS.length > 0, {
      message: 'needs ENCRYPTION_KEYS',
      path: ['ENCRYPT_MODEL_WEIGHTS'],
    })
    .safeParse(env);
  if (!parsed.success) {
    // Collect every problem at once so an operator fixes them in one go.
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const subgraphUrl = (p: number) => `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${p}/graphql`;
  const requiredAgents = e.REQUIRED_AGENTS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    log: { level: e.LOG_LEVEL },
    http: {
      host: e.HOST,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    },
    /** HTTPS for the gateway (subgraphs listen on loopback or a private network). */
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    /** TLS between the gateway and the subgraphs (platform/tls.ts); mutual when a client CA is set. */
    internalTls: {
      server:
        e.SUBGRAPH_TLS_CERT_FILE && e.SUBGRAPH_TLS_KEY_FILE
          ? { certFile: e.SUBGRAPH_TLS_CERT_FILE, keyFile: e.SUBGRAPH_TLS_KEY_FILE, clientCaFile: e.SUBGRAPH_TLS_CLIENT_CA_FILE }
          : undefined,
      client: {
        caFile: e.SUBGRAPH_CA_FILE,
        certFile: e.SUBGRAPH_CLIENT_CERT_FILE,
        keyFile: e.SUBGRAPH_CLIENT_KEY_FILE,
      },
    },
    gateway: {
      port: e.PORT,
      subgraphUrls: {
        trajectory: e.TRAJECTORY_URL ?? subgraphUrl(e.TRAJECTORY_PORT),
        reward: e.REWARD_URL ?? subgraphUrl(e.REWARD_PORT),
        metrics: e.METRICS_URL ?? subgraphUrl(e.METRICS_PORT),
        access: e.ACCESS_URL ?? subgraphUrl(e.ACCESS_PORT),
        model: e.MODEL_URL ?? subgraphUrl(e.MODEL_PORT),
      } satisfies Record<SubgraphName, string>,
      /** How the gateway treats slow or failing subgraphs (gateway/subgraph-resilience.ts). */
      resilience: {
        timeoutMs: e.SUBGRAPH_TIMEOUT_MS,
        queryRetries: e.SUBGRAPH_QUERY_RETRIES,
        /** Identical subgraph queries in flight together share one fetch (gateway/subgraph-dedupe.ts). */
        deduplicateQueries: e.SUBGRAPH_DEDUPLICATE_QUERIES,
        circuitFailures: e.CIRCUIT_FAILURES,
        circuitCooldownMs: e.CIRCUIT_COOLDOWN_MS,
        /** The gateway is ready (if degraded) while these answer; the others only degrade it. */
        coreSubgraphs: e.CORE_SUBGRAPHS,
      },
      /** Limits on WebSocket (subscription) clients. */
      websocket: {
        maxConnections: e.WS_MAX_CONNECTIONS,
        maxConnectionsPerKey: e.WS_MAX_CONNECTIONS_PER_KEY,
        maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
        maxMessagesPerSecond: e.WS_MAX_MESSAGES_PER_SECOND,
        pingIntervalMs: e.WS_PING_INTERVAL_MS,
      },
    },
    subgraphPorts: {
      trajectory: e.TRAJECTORY_PORT,
      reward: e.REWARD_PORT,
      metrics: e.METRICS_PORT,
      access: e.ACCESS_PORT,
      model: e.MODEL_PORT,
    } satisfies Record<SubgraphName, number>,
    db: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, poolMax: e.DB_POOL_MAX },
    /** Encryption at rest of identities, comments and (optionally) model weights (docs/security.md). */
    encryption: {
      keys: e.ENCRYPTION_KEYS,
      activeKeyId: e.ENCRYPTION_ACTIVE_KEY ?? e.ENCRYPTION_KEYS[0]?.id ?? null,
      modelWeights: e.ENCRYPT_MODEL_WEIGHTS,
    } satisfies EncryptionSettings,
    demo: {
      seed: e.SEED_DEMO,
      trajectories: e.DEMO_TRAJECTORIES,
      trainOnStart: e.TRAIN_ON_START,
      educatorPreference: e.DEMO_EDUCATOR_PREFERENCE,
      ratedShare: e.DEMO_RATED_SHARE,
      images: e.DEMO_IMAGES,
    },
    model: {
      backend: e.TF_BACKEND,
      /** Defaults for every run; startTraining may override each. */
      training: {
        epochs: e.TRAINING_EPOCHS,
        batchSize: e.TRAINING_BATCH_SIZE,
        learningRate: e.TRAINING_LEARNING_RATE,
        patience: e.TRAINING_PATIENCE,
        minImprovement: e.TRAINING_MIN_IMPROVEMENT,
        maxIterations: e.TRAINING_MAX_ITERATIONS,
        minDatasetSize: e.TRAINING_MIN_DATASET,
        hiddenUnits: e.TRAINING_HIDDEN_UNITS.split(',').map(Number),
        targetSource: e.TRAINING_TARGET,
        seed: e.TRAINING_SEED,
        validationShare: 0.15,
        testShare: 0.15,
        progressIntervalMs: e.TRAINING_PROGRESS_INTERVAL_MS,
        promoteTo: [] as string[],
      },
      /** Training threads yield the CPU to request handling (subgraphs/model/training/thread-priority.ts). */
      niceness: e.TRAINING_NICE,
      concurrency: e.TRAINING_CONCURRENCY,
      pollIntervalMs: e.TRAINING_POLL_INTERVAL_MS,
      heartbeatTimeoutMs: e.TRAINING_HEARTBEAT_TIMEOUT_MS,
      maxRunSeconds: e.TRAINING_MAX_RUN_SECONDS,
      continuousLearning: {
        afterTrajectories: e.RETRAIN_AFTER_TRAJECTORIES,
        afterRatings: e.RETRAIN_AFTER_RATINGS,
        checkIntervalMs: e.RETRAIN_CHECK_INTERVAL_MS,
        promoteTo: e.AUTO_PROMOTE ? e.AUTO_PROMOTE.split(',') : [],
      },
      weights: { store: e.MODEL_WEIGHT_STORE, dir: e.MODEL_WEIGHT_DIR ?? `${e.DATA_DIR}/models` },
      drift: {
        checkIntervalMs: e.DRIFT_CHECK_INTERVAL_MS,
        minRatings: e.DRIFT_MIN_RATINGS,
        withinBelow: e.DRIFT_WITHIN_BELOW,
        psiAbove: e.DRIFT_PSI_ABOVE,
        retrain: e.RETRAIN_ON_DRIFT,
      },
    },
    security: {
      adminApiKey: e.ADMIN_API_KEY,
      /** Unset: the all-in-one process generates one per start; separate processes must share one. */
      identitySecret: e.IDENTITY_SECRET,
      /** Still accepted by subgraphs while IDENTITY_SECRET is rotated. */
      identitySecretPrevious: e.IDENTITY_SECRET_PREVIOUS,
      apiKeyCacheTtlMs: e.API_KEY_CACHE_TTL_MS,
      /** People signed in with their identity provider (gateway/oidc.ts). */
      oidc: { issuers: e.OIDC_ISSUERS, jwksCooldownMs: e.OIDC_JWKS_COOLDOWN_MS },
      /** Operations by id from codegen's manifest; with `require`, nothing else (gateway/trusted-documents.ts). */
      trustedDocuments: {
        mode: e.TRUSTED_DOCUMENTS,
        manifestPath: e.TRUSTED_DOCUMENTS_MANIFEST || fromRoot('examples', 'generated', 'persisted-documents.json'),
        adminsExempt: e.TRUSTED_DOCUMENTS_ADMINS_EXEMPT,
      },
      /** Browser apps on other origins (platform/cors.ts). */
      cors: {
        origins: e.CORS_ORIGINS,
        allowCredentials: e.CORS_ALLOW_CREDENTIALS,
        maxAgeSeconds: e.CORS_MAX_AGE_SECONDS,
      } satisfies CorsPolicy,
      redisUrl: e.REDIS_URL,
      redisCaFile: e.REDIS_CA_FILE,
      /** Cost points per minute (see gateway/operation-limits.ts for how cost is estimated). */
      rateLimits: {
        viewer: e.RATE_LIMIT_VIEWER,
        annotator: e.RATE_LIMIT_ANNOTATOR,
        ml_engineer: e.RATE_LIMIT_ML_ENGINEER,
        admin: e.RATE_LIMIT_ADMIN,
        anonymous: e.RATE_LIMIT_ANONYMOUS,
      },
      queryLimits: {
        maxDepth: e.MAX_QUERY_DEPTH,
        maxAliases: e.MAX_ALIASES,
        maxDirectives: e.MAX_DIRECTIVES,
        maxTokens: e.MAX_TOKENS,
        maxCost: e.MAX_QUERY_COST,
      },
    },
    capture: {
      maxBatchSize: e.MAX_BATCH_SIZE,
      qualityFlagThreshold: e.QUALITY_FLAG_THRESHOLD,
      requiredAgents,
      groupCommit: { maxItems: e.GROUP_COMMIT_MAX_ITEMS, maxInFlight: e.GROUP_COMMIT_IN_FLIGHT },
    },
    /** The assessed images' bytes (subgraphs/trajectory/images/). */
    images: {
      store: {
        store: e.IMAGE_STORE,
        dir: e.IMAGE_DIR ?? `${e.DATA_DIR}/images`,
        s3: {
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        },
      },
      maxBytes: e.IMAGE_MAX_BYTES,
      fetchOrigins: e.IMAGE_FETCH_ORIGINS,
      fetchTimeoutMs: e.IMAGE_FETCH_TIMEOUT_MS,
    },
    /** How long data is kept (subgraphs/access/data-lifecycle.ts); 0 = for good. */
    retention: {
      trajectoryDays: e.TRAJECTORY_RETENTION_DAYS,
      auditDays: e.AUDIT_RETENTION_DAYS,
      checkIntervalMs: e.RETENTION_CHECK_INTERVAL_MS,
    },
    /** OpenTelemetry tracing (platform/tracing.ts). */
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, sampleRatio: e.TRACING_SAMPLE_RATIO } satisfies TracingSettings,
    /** Scheduled reports and where they go (subgraphs/metrics/report-scheduler.ts). */
    reports: {
      dailyCron: e.REPORT_DAILY_CRON,
      weeklyCron: e.REPORT_WEEKLY_CRON,
      timezone: e.REPORT_TIMEZONE,
      cronCheckSeconds: e.REPORT_CRON_CHECK_SECONDS,
      recipients: {
        webhooks: e.REPORT_WEBHOOK_URLS,
        emails: e.REPORT_EMAIL_TO,
        smtpUrl: e.SMTP_URL,
        from: e.REPORT_EMAIL_FROM,
        timeoutMs: e.REPORT_DELIVERY_TIMEOUT_MS,
      },
      deliveryRetries: e.REPORT_DELIVERY_RETRIES,
      retryDelaySeconds: e.REPORT_RETRY_DELAY_SECONDS,
    },
    /** Ratings per rater per minute (subgraphs/reward/reward-service.ts). */
    ratingsPerMinute: e.RATINGS_PER_MINUTE,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** Every service on a free port: for tests and benchmarks that start the platform in-process. */
export const EPHEMERAL_PORTS = {
  PORT: '0',
  TRAJECTORY_PORT: '0',
  REWARD_PORT: '0',
  METRICS_PORT: '0',
  ACCESS_PORT: '0',
  MODEL_PORT: '0',
} as const;

/** For entrypoints: load or print every problem and exit 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

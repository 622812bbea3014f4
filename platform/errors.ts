import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from './logger.js';

/** Stable codes a client can switch on. Never rename one; add new ones. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** No model version is registered (or the alias points nowhere): train and promote one first. */
  MODEL_NOT_READY: 'MODEL_NOT_READY',
  /** The promotion gate refused: the candidate does worse than production on the same test data. */
  PROMOTION_REJECTED: 'PROMOTION_REJECTED',
  /** A forced promotion to production was recorded and waits for a second person (`approvePromotion`). */
  APPROVAL_REQUIRED: 'APPROVAL_REQUIRED',
  /** Fewer valid trajectories than the configured minimum dataset size. */
  DATASET_TOO_SMALL: 'DATASET_TOO_SMALL',
  /** The change is not allowed in the object's current state (e.g. cancelling a finished run). */
  INVALID_STATE: 'INVALID_STATE',
  /** A subgraph did not answer (down, slow, or its circuit is open): its fields are null, the rest of the answer stands. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A documentId that is not in the trusted documents' manifest. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** Query text sent to a gateway that runs trusted documents only (TRUSTED_DOCUMENTS=require). */
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  /** A browser page on an origin not in CORS_ORIGINS called the gateway (HTTP 403). */
  CORS_ORIGIN_NOT_ALLOWED: 'CORS_ORIGIN_NOT_ALLOWED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  path: string;
  message: string;
}

/** zod issues as field errors, with paths relative to the argument they came from (e.g. `state`). */
export function fieldErrorsFromZod(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix: string,
): FieldError[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
}

export class BadUserInputError extends AppError {
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { fieldErrors });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${what} ${id} does not exist`, { id });
  }
}

export class IdempotencyConflictError extends AppError {
  constructor(key: string, existingId: string) {
    super(
      ErrorCode.IDEMPOTENCY_CONFLICT,
      `Idempotency key "${key}" was already used for a different payload (trajectory ${existingId}); use a new key for new content`,
      { idempotencyKey: key, trajectoryId: existingId },
    );
  }
}

export class ForbiddenError extends AppError {
  constructor(required: string, actual: string | null) {
    super(ErrorCode.FORBIDDEN, `This needs the ${required} role; your key has ${actual ?? 'no'} role.`, {
      requiredRole: required,
    });
  }
}

/**
 * The codes a client may see with their message: ours (all but INTERNAL_SERVER_ERROR, which
 * Apollo also puts on any unexpected exception) and those Apollo gives malformed requests.
 */
const CLIENT_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

export const isClientFacingCode = (code: string): boolean => CLIENT_FACING_CODES.has(code);

/** A response lists at most this many errors (validation stops there too): never hundreds. */
export const MAX_ERRORS_PER_RESPONSE = 5;

/** Everything a client sees of an error that is not one of ours: a fixed message. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** True when the error is one of our coded errors (or Apollo's for a malformed request). */
export function isClientFacing(formatted: Pick<GraphQLFormattedError, 'extensions'>): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && isClientFacingCode(code);
}

/**
 * The one masking rule, for HTTP and WebSocket alike and in every mode: a coded error keeps
 * its message and extensions (minus any stack trace); anything else becomes
 * INTERNAL_SERVER_ERROR with a fixed message. The cause is logged by whoever has the request
 * id (`errorResponses` for HTTP, the subscription server for WebSocket), with `log` here
 * only as the fallback for callers without one.
 */
export function maskError(log?: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, exception: _ex, ...extensions } = formatted.extensions ?? {};
    if (isClientFacing(formatted)) return { ...formatted, extensions };
    log?.error({ err: unwrap(error), path: formatted.path }, 'unexpected error while executing operation');
    return {
      message: INTERNAL_ERROR_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * The error side of every response, for Apollo servers that mask with `maskError()` (no
 * logger): each unexpected error's cause is logged at error level with the request's logger
 * (which carries the request id); masked errors get the request id, so a client's report can
 * be found in the logs; and a response lists at most MAX_ERRORS_PER_RESPONSE errors (variable
 * coercion reports one per bad field, and a generated input can have hundreds), the last one
 * saying how many more there were.
 */
export function errorResponses<TContext extends { requestId: string; log: Logger }>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ errors, contextValue }) => {
        for (const error of errors) {
          if (isClientFacing(error)) continue;
          contextValue.log.error({ err: unwrap(error), path: error.path }, 'unexpected error while executing operation');
        }
      },
      willSendResponse: async ({ response, contextValue }) => {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors;
        if (!errors?.length) return;
        const shown = errors
          .slice(0, MAX_ERRORS_PER_RESPONSE)
          .map((e) =>
            e.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR
              ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }
              : e,
          );
        const hidden = errors.length - shown.length;
        const last = shown.at(-1);
        if (hidden > 0 && last) shown[shown.length - 1] = { ...last, extensions: { ...last.extensions, moreErrors: hidden } };
        response.body.singleResult.errors = shown;
      },
    }),
  };
}

/**
 * The same rule for anything thrown where no Apollo server formats errors (WebSocket
 * subscriptions): coded errors pass, anything else is logged with `log` (carrying the request
 * id) and hidden behind INTERNAL_SERVER_ERROR with the request id.
 */
export function maskedError(err: unknown, log: Logger, requestId: string): GraphQLError {
  const formatted: GraphQLFormattedError =
    err instanceof GraphQLError
      ? err.toJSON()
      : err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string'
        ? (err as GraphQLFormattedError)
        : { message: String(err) };
  const m = maskError(log)(formatted, err);
  const extensions = m.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR ? { ...m.extensions, requestId } : m.extensions;
  return new GraphQLError(m.message, { extensions, path: m.path });
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/** A value the data model guarantees (a foreign key's row, the one row an insert returns); an internal error if not. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

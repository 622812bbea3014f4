import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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
  /** Fewer valid trajectories than the configured minimum dataset size. */
  DATASET_TOO_SMALL: 'DATASET_TOO_SMALL',
  /** The change is not allowed in the object's current state (e.g. cancelling a finished run). */
  INVALID_STATE: 'INVALID_STATE',
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

/** Codes produced by Apollo itself for malformed requests: safe to show as they are. */
const CLIENT_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

export const isClientFacingCode = (code: string): boolean => CLIENT_FACING_CODES.has(code);

/**
 * Masks everything that is not a deliberate, coded error: the client gets a generic
 * message and the request id; the real cause goes to the log.
 */
export function maskError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const { stacktrace: _stack, exception: _ex, ...extensions } = formatted.extensions ?? {};
    if (typeof code === 'string' && isClientFacingCode(code)) {
      return { ...formatted, extensions };
    }
    log.error({ err: unwrap(error), path: formatted.path }, 'unexpected error while executing operation');
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/** A value the data model guarantees (a foreign key's row, the one row an insert returns); an internal error if not. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

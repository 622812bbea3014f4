import type { z } from 'zod';
import { BadUserInputError, fieldErrorsFromZod } from './errors.js';

/** An API argument checked against its schema, or BAD_USER_INPUT with a field error for each problem. */
export function parseArgument<S extends z.ZodType>(schema: S, input: unknown, argument: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrorsFromZod(parsed.error, argument);
    throw new BadUserInputError(`Invalid ${argument}: ${errors[0]?.path} ${errors[0]?.message}`, errors);
  }
  return parsed.data;
}

/**
 * Base64 text as bytes, or null when it is not base64: `Buffer.from(…, 'base64')` skips what it
 * cannot read, so a damaged upload would arrive as other bytes instead of being refused.
 * Whitespace (line breaks of wrapped base64) is allowed.
 */
export function strictBase64(value: string): Buffer | null {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64');
}

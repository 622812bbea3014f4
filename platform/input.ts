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

/**
 * What every service accepts as input, checked at the HTTP boundary and in the JSON scalar
 * before anything reaches a resolver or the database: strings that Postgres can store, and
 * JSON that is neither deeper nor larger than any honest client sends. Every check walks the
 * value with an explicit stack, so no input can drive a recursion.
 */

export interface JsonLimits {
  /** Objects and arrays nested deeper than this are refused. */
  maxDepth: number;
  /** Values (objects, arrays, strings, numbers, …) in all. */
  maxValues: number;
  /** Characters in all strings and keys together. */
  maxTextLength: number;
}

/** A whole request's variables: far above any operation of ours, far below a stack overflow. */
export const REQUEST_JSON_LIMITS: JsonLimits = { maxDepth: 64, maxValues: 100_000, maxTextLength: 10_000_000 };

/** One JSON scalar value (e.g. a trajectory's metadata). */
export const JSON_SCALAR_LIMITS: JsonLimits = { maxDepth: 32, maxValues: 10_000, maxTextLength: 65_536 };

export interface InputProblem {
  path: string;
  message: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why Postgres could not store this string (text refuses NUL; jsonb refuses NUL and unpaired
 * UTF-16 surrogates, which also have no UTF-8 encoding), or null when it can.
 */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it contains an unpaired UTF-16 surrogate)';
  return null;
}

/** The first problem in a JSON value under `root` (a dotted path), or null when there is none. */
export function jsonProblem(value: unknown, root: string, limits: JsonLimits): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  let values = 0;
  let text = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    values += 1;
    if (values > limits.maxValues) return { path: root, message: `must hold at most ${limits.maxValues} values` };
    const v = item.value;
    if (typeof v === 'string') {
      text += v.length;
      if (text > limits.maxTextLength)
        return { path: root, message: `must hold at most ${limits.maxTextLength} characters of text` };
      const bad = unstorableText(v);
      if (bad) return { path: item.path, message: bad };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (item.depth >= limits.maxDepth) return { path: item.path, message: `must not nest deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${item.path}.${i}`, depth: item.depth + 1 });
      continue;
    }
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] ?? ['', undefined];
      const path = `${item.path}.${key}`;
      text += key.length;
      const bad = unstorableText(key);
      if (bad) return { path, message: `key ${bad}` };
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return null;
}
